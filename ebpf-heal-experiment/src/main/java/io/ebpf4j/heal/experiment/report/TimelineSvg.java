package io.ebpf4j.heal.experiment.report;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An {@link ExperimentResult} as an SVG timeline, written by hand: a time axis in seconds, one lane
 * per subject; in each lane the fault windows as bands (coloured by kind), time to recovery as a bar
 * from injection to restoration ending in a marker, detections as ticks and healing actions as
 * diamonds; a legend below. Every text is XML-escaped and hovering an element shows its details.
 */
public final class TimelineSvg {
    private static final int LEFT = 140;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int LANE = 30;
    private static final int WIDTH = 1200;
    private static final Map<String, String> KIND_COLOURS = Map.of("loss", "#f4a582", "link-down", "#d6604d",
            "blackhole", "#777777", "bandwidth", "#fddbc7", "service-kill", "#b2abd2");

    private TimelineSvg() {}

    /** The SVG document. */
    public static String render(ExperimentResult r) {
        Set<String> subjects = new LinkedHashSet<>();
        r.faults().forEach(f -> subjects.add(f.subject()));
        r.timeline().forEach(m -> subjects.add(m.subject()));
        List<String> lanes = List.copyOf(subjects);
        long span = Math.max(1, r.run().durationMs());
        for (ExperimentResult.FaultRow f : r.faults()) {
            span = Math.max(span, f.clearedMs());
        }
        for (ExperimentResult.Mark m : r.timeline()) {
            span = Math.max(span, m.atMs());
        }
        Scale x = new Scale(span);
        int axisY = TOP + Math.max(1, lanes.size()) * LANE;
        int height = axisY + 90;
        StringBuilder b = new StringBuilder();
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        b.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        text(b, LEFT, 22, "start", "bold", "Self-healing run " + r.run().date() + " (seed " + r.run().seed() + ")");
        for (int i = 0; i < lanes.size(); i++) {
            int y = TOP + i * LANE;
            b.append("<rect x=\"").append(LEFT).append("\" y=\"").append(y).append("\" width=\"").append(x.width())
                    .append("\" height=\"").append(LANE).append("\" fill=\"").append(i % 2 == 0 ? "#f7f7f7" : "#ffffff").append("\"/>\n");
            text(b, LEFT - 8, y + LANE / 2 + 4, "end", "normal", lanes.get(i));
        }
        for (ExperimentResult.FaultRow f : r.faults()) {
            fault(b, x, TOP + lanes.indexOf(f.subject()) * LANE, f);
        }
        for (ExperimentResult.Mark m : r.timeline()) {
            mark(b, x, TOP + lanes.indexOf(m.subject()) * LANE, m);
        }
        axis(b, x, axisY, span);
        legend(b, axisY + 45);
        b.append("</svg>\n");
        return b.toString();
    }

    /** Maps milliseconds since the start to x coordinates. */
    private record Scale(long spanMs) {
        int width() {
            return WIDTH - LEFT - RIGHT;
        }

        double at(long ms) {
            return LEFT + (double) width() * Math.max(0, Math.min(ms, spanMs)) / spanMs;
        }
    }

    private static void fault(StringBuilder b, Scale x, int y, ExperimentResult.FaultRow f) {
        String colour = KIND_COLOURS.getOrDefault(f.kind(), "#cccccc");
        double x0 = x.at(f.injectedMs());
        double w = Math.max(1, x.at(f.clearedMs()) - x0);
        b.append("<rect class=\"fault\" x=\"").append(num(x0)).append("\" y=\"").append(y + 3).append("\" width=\"").append(num(w))
                .append("\" height=\"").append(LANE - 6).append("\" fill=\"").append(colour).append("\" fill-opacity=\"0.7\">");
        title(b, f.kind() + " " + f.severity() + " on " + f.subject() + ": " + f.injectedMs() + "-" + f.clearedMs() + " ms"
                + (f.mttrMs() == null ? ", not restored" : ", MTTR " + f.mttrMs() + " ms"));
        b.append("</rect>\n");
        if (f.restoredMs() != null) {
            double xr = x.at(f.restoredMs());
            b.append("<line class=\"recovery\" x1=\"").append(num(x0)).append("\" y1=\"").append(y + LANE - 6).append("\" x2=\"")
                    .append(num(xr)).append("\" y2=\"").append(y + LANE - 6).append("\" stroke=\"#1a9850\" stroke-width=\"3\"/>\n");
            circle(b, xr, y + LANE - 6, "restored at " + f.restoredMs() + " ms");
        }
    }

    private static void mark(StringBuilder b, Scale x, int y, ExperimentResult.Mark m) {
        double xm = x.at(m.atMs());
        String tip = m.type().name().toLowerCase(Locale.ROOT) + " " + m.subject() + " at " + m.atMs() + " ms"
                + (m.label() == null || m.label().isEmpty() ? "" : ": " + m.label());
        switch (m.type()) {
            case DETECTION -> {
                b.append("<line class=\"detection\" x1=\"").append(num(xm)).append("\" y1=\"").append(y + 2).append("\" x2=\"")
                        .append(num(xm)).append("\" y2=\"").append(y + LANE / 2).append("\" stroke=\"#2166ac\" stroke-width=\"2\">");
                title(b, tip);
                b.append("</line>\n");
            }
            case ACTION -> diamond(b, xm, y + LANE / 2.0, tip);
            case RECOVERY -> circle(b, xm, y + LANE - 6, tip);
        }
    }

    private static void diamond(StringBuilder b, double cx, double cy, String tip) {
        b.append("<polygon class=\"action\" points=\"").append(num(cx)).append(',').append(num(cy - 6)).append(' ')
                .append(num(cx + 6)).append(',').append(num(cy)).append(' ').append(num(cx)).append(',').append(num(cy + 6))
                .append(' ').append(num(cx - 6)).append(',').append(num(cy)).append("\" fill=\"#e08214\" stroke=\"#7f3b08\">");
        title(b, tip);
        b.append("</polygon>\n");
    }

    private static void circle(StringBuilder b, double cx, double cy, String tip) {
        b.append("<circle class=\"restored\" cx=\"").append(num(cx)).append("\" cy=\"").append(num(cy))
                .append("\" r=\"4\" fill=\"#1a9850\">");
        title(b, tip);
        b.append("</circle>\n");
    }

    private static void axis(StringBuilder b, Scale x, int y, long span) {
        b.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(y).append("\" x2=\"").append(LEFT + x.width())
                .append("\" y2=\"").append(y).append("\" stroke=\"black\"/>\n");
        long step = niceStep(span);
        for (long t = 0; t <= span; t += step) {
            double xt = x.at(t);
            b.append("<line x1=\"").append(num(xt)).append("\" y1=\"").append(y).append("\" x2=\"").append(num(xt))
                    .append("\" y2=\"").append(y + 5).append("\" stroke=\"black\"/>\n");
            text(b, xt, y + 18, "middle", "normal", (t % 1000 == 0 ? Long.toString(t / 1000) : num(t / 1000.0)) + " s");
        }
    }

    /** A tick spacing of 1, 2 or 5 times a power of ten giving at most about 12 ticks. */
    static long niceStep(long spanMs) {
        long step = 1;
        while (spanMs / step > 12) {
            long d = step;
            while (d >= 10) {
                d /= 10;
            }
            step = d == 1 ? step * 2 : d == 2 ? step / 2 * 5 : step * 2;
        }
        return step;
    }

    private static void legend(StringBuilder b, int y) {
        int xl = LEFT;
        for (Map.Entry<String, String> k : new java.util.TreeMap<>(KIND_COLOURS).entrySet()) {
            b.append("<rect x=\"").append(xl).append("\" y=\"").append(y - 10).append("\" width=\"14\" height=\"12\" fill=\"")
                    .append(k.getValue()).append("\" fill-opacity=\"0.7\"/>\n");
            text(b, xl + 18, y, "start", "normal", k.getKey());
            xl += 110;
        }
        y += 22;
        xl = LEFT;
        b.append("<line x1=\"").append(xl + 7).append("\" y1=\"").append(y - 12).append("\" x2=\"").append(xl + 7)
                .append("\" y2=\"").append(y + 2).append("\" stroke=\"#2166ac\" stroke-width=\"2\"/>\n");
        text(b, xl + 18, y, "start", "normal", "detection");
        diamond(b, xl + 117, y - 4, "action");
        text(b, xl + 128, y, "start", "normal", "healing action");
        b.append("<line x1=\"").append(xl + 240).append("\" y1=\"").append(y - 4).append("\" x2=\"").append(xl + 270)
                .append("\" y2=\"").append(y - 4).append("\" stroke=\"#1a9850\" stroke-width=\"3\"/>\n");
        circle(b, xl + 270, y - 4, "restored");
        text(b, xl + 280, y, "start", "normal", "time to recovery, restored");
    }

    private static void text(StringBuilder b, double x, double y, String anchor, String weight, String s) {
        b.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" text-anchor=\"").append(anchor)
                .append("\" font-weight=\"").append(weight).append("\">").append(escape(s)).append("</text>\n");
    }

    private static void title(StringBuilder b, String s) {
        b.append("<title>").append(escape(s)).append("</title>");
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
