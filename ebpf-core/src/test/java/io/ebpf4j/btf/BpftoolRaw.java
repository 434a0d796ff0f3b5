package io.ebpf4j.btf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The output of {@code bpftool btf dump file F format raw}, parsed: an independent reading of the
 * same BTF that the tests compare ebpf4j's decoding with.
 */
final class BpftoolRaw {
    private static final Pattern HEAD = Pattern.compile("^\\[(\\d+)] (\\S+) '([^']*)'(.*)$");
    private static final Pattern SUB_NAMED = Pattern.compile("^\\t'([^']*)'(.*)$");
    private static final Pattern KV = Pattern.compile("(\\w+)=([^\\s,]+)");

    /** One type: kind, name ("" for anonymous), its key=value attributes and its sub-lines. */
    record Type(int id, String kind, String name, Map<String, String> attrs, List<Sub> subs) {
        long num(String key) {
            return Long.parseLong(attrs.get(key));
        }
    }

    /** A member, enumerator, parameter or datasec entry: name ("" if none) and attributes. */
    record Sub(String name, Map<String, String> attrs) {
        long num(String key) {
            return Long.parseLong(attrs.get(key));
        }
    }

    private BpftoolRaw() {}

    static boolean available() {
        try {
            Process p = new ProcessBuilder("bpftool", "version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static Map<Integer, Type> dump(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bpftool", "btf", "dump", "file", file.toString(), "format", "raw")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Map<Integer, Type> out = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            Type current = null;
            String line;
            while ((line = r.readLine()) != null) {
                Matcher h = HEAD.matcher(line);
                if (h.matches()) {
                    String name = h.group(3).equals("(anon)") ? "" : h.group(3);
                    current = new Type(Integer.parseInt(h.group(1)), h.group(2), name, attrs(h.group(4)), new ArrayList<>());
                    out.put(current.id(), current);
                    continue;
                }
                if (current == null || !line.startsWith("\t")) {
                    continue;
                }
                Matcher s = SUB_NAMED.matcher(line);
                if (s.matches()) {
                    current.subs().add(new Sub(s.group(1).equals("(anon)") ? "" : s.group(1), attrs(s.group(2))));
                } else {
                    current.subs().add(new Sub("", attrs(line)));
                }
            }
        }
        if (p.waitFor() != 0) {
            throw new IOException("bpftool btf dump " + file + " failed");
        }
        return out;
    }

    private static Map<String, String> attrs(String text) {
        Map<String, String> m = new HashMap<>();
        Matcher kv = KV.matcher(text);
        while (kv.find()) {
            m.putIfAbsent(kv.group(1), kv.group(2));
        }
        return m;
    }
}
