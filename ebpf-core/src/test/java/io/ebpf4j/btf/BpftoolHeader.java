package io.ebpf4j.btf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The C header bpftool prints ({@code bpftool btf dump file F format c}), split into one block per
 * struct, union and enum definition and per typedef: the reference the C printer is compared with.
 */
final class BpftoolHeader {
    private static final Pattern START = Pattern.compile("^(struct|union|enum) (\\w+) \\{$");
    private static final Pattern TYPEDEF = Pattern.compile("^typedef .*?(\\w+)(\\)\\(.*\\))?(\\[\\d+])*;$");
    private static final Pattern PADDING = Pattern.compile("^\\t+(long|int|short|char): \\d+;$");

    private final Map<String, List<String>> blocks = new HashMap<>();

    private BpftoolHeader() {}

    /** Key: "struct foo", "union foo", "enum foo" or "typedef foo". Duplicates are dropped. */
    static BpftoolHeader dump(Path file) throws IOException {
        BtfTestSupport.Result r = BtfTestSupport.run(List.of("bpftool", "btf", "dump", "file", file.toString(), "format", "c"), null);
        if (r.exitCode() != 0) {
            throw new IOException("bpftool format c failed: " + r.output());
        }
        BpftoolHeader h = new BpftoolHeader();
        String[] lines = r.output().split("\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher m = START.matcher(lines[i]);
            if (m.matches()) {
                List<String> block = new ArrayList<>();
                while (i < lines.length) {
                    block.add(lines[i]);
                    if (lines[i].startsWith("}")) {
                        break;
                    }
                    i++;
                }
                h.put(m.group(1) + " " + m.group(2), block);
            } else if (lines[i].startsWith("typedef ") && lines[i].endsWith(";")) {
                Matcher t = TYPEDEF.matcher(lines[i]);
                if (t.matches()) {
                    h.put("typedef " + typedefName(lines[i]), List.of(lines[i]));
                }
            }
        }
        return h;
    }

    /** The name a one-line typedef declares: the identifier after the last "(*" or, else, the last word. */
    private static String typedefName(String line) {
        int fp = line.indexOf("(*");
        if (fp >= 0) {
            int end = line.indexOf(')', fp);
            return line.substring(fp + 2, end);
        }
        String s = line.substring(0, line.length() - 1).replaceAll("(\\[\\d*])+$", "");
        return s.substring(s.lastIndexOf(' ') + 1).replace("*", "");
    }

    private void put(String key, List<String> block) {
        if (blocks.containsKey(key)) {
            blocks.put(key, null); // ambiguous
        } else {
            blocks.put(key, block);
        }
    }

    /** The block for key, without bpftool's padding members, or null when absent or ambiguous. */
    String block(String key) {
        List<String> b = blocks.get(key);
        if (b == null) {
            return null;
        }
        return String.join("\n", b.stream().filter(l -> !PADDING.matcher(l).matches()).toList());
    }

    int size() {
        return blocks.size();
    }
}
