package io.ebpf4j.bench;

import java.util.List;
import java.util.Locale;

/** A horizontal bar chart of the ratios (SVG, written by hand): one bar per charted row, a line at 1.0. */
public final class Chart {
    private static final int LABEL_W = 380, BAR_W = 480, ROW_H = 22, TOP = 40;
    /** Least distance in px between two x-axis labels. */
    static final double MIN_LABEL_GAP = 48;

    private Chart() {}

    /** The SVG document. Ratios above the axis maximum are clipped and labelled. */
    public static String svg(List<Row> rows, String title) {
        List<Row> shown = rows.stream().filter(r -> r.chart() && !Double.isNaN(r.ratio())).toList();
        double top = shown.stream().mapToDouble(Row::ratio).max().orElse(0);
        double max = Math.max(2.0, Math.min(4.0, Math.ceil(top * 2) / 2)); // room for the mesh filter's ~3x
        int h = TOP + shown.size() * ROW_H + 40;
        int w = LABEL_W + BAR_W + 90;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", w, h));
        sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", w, h));
        sb.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s</text>%n",
                esc(title)));
        // grid every 0.25; tick labels only as often as they fit (a label is ~30 px wide at 12 px)
        double labelStep = 0.25;
        while (labelStep / max * BAR_W < MIN_LABEL_GAP) {
            labelStep *= 2;
        }
        for (int i = 0; i * 0.25 <= max + 1e-9; i++) {
            double t = i * 0.25;
            double x = LABEL_W + t / max * BAR_W;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>%n", x, TOP - 5,
                    x, TOP + shown.size() * ROW_H, t == 1.0 ? "black" : "#ddd"));
            if (Math.abs(t / labelStep - Math.rint(t / labelStep)) < 1e-9) {
                sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%s</text>%n",
                        x, TOP + shown.size() * ROW_H + 15, tick(t)));
            }
        }
        int y = TOP;
        for (Row r : shown) {
            double len = Math.min(r.ratio(), max) / max * BAR_W;
            String color = r.met() == null ? "#7a9cc6" : r.met() ? "#4caf50" : "#e57373";
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", LABEL_W - 8,
                    y + 15, esc(r.operation())));
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n", LABEL_W,
                    y + 4, len, ROW_H - 8, color));
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s%.3f</text>%n", LABEL_W + len + 4, y + 15,
                    r.ratio() > max ? "&gt; " : "", r.ratio()));
            y += ROW_H;
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#555\">ratio (Java / C, with / without probe,"
                + " or mesh filter / XDP_PASS by bpf_stats; lower is better; green: goal met, red: missed, blue: no goal)"
                + "</text>%n", 10, h - 8));
        sb.append("</svg>\n");
        return sb.toString();
    }

    /** An axis label: "1", "1.5", "0.25". */
    static String tick(double t) {
        return t == Math.rint(t) ? String.valueOf((long) t) : String.format(Locale.ROOT, "%.2f", t).replaceAll("0$", "");
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
