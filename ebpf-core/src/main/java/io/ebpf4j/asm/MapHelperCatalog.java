package io.ebpf4j.asm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/** A {@link HelperCatalog} over a map. */
final class MapHelperCatalog implements HelperCatalog {
    private static final String BUILTIN = "builtin-helpers.txt";
    private static volatile HelperCatalog builtin;
    private static volatile HelperCatalog kernel;

    private final Map<Integer, String> byId;
    private final Map<String, Integer> byName;
    private final boolean authoritative;

    private MapHelperCatalog(Map<Integer, String> byId, boolean authoritative) {
        this.byId = Collections.unmodifiableMap(byId);
        Map<String, Integer> names = new HashMap<>();
        byId.forEach((id, name) -> names.put(name, id));
        this.byName = names;
        this.authoritative = authoritative;
    }

    static HelperCatalog of(Map<Integer, String> names, boolean authoritative) {
        Map<Integer, String> clean = new TreeMap<>();
        names.forEach((id, name) -> {
            if (id == null || name == null) {
                throw new IllegalArgumentException("helper ids and names must not be null");
            }
            String n = normalize(name);
            if (id > 0 && !n.equals("bpf_unspec") && !n.startsWith("__")) {
                clean.put(id, n);
            }
        });
        return new MapHelperCatalog(clean, authoritative);
    }

    static HelperCatalog builtin() {
        HelperCatalog c = builtin;
        if (c == null) {
            c = of(readBuiltin(), false);
            builtin = c;
        }
        return c;
    }

    static HelperCatalog kernel() {
        HelperCatalog c = kernel;
        if (c == null) {
            c = kernelHelperIds().map(HelperCatalog::fromBtf).orElseGet(HelperCatalog::builtin);
            kernel = c;
        }
        return c;
    }

    /** The kernel's enum bpf_func_id, read from its BTF; empty (with a debug line) when there is none. */
    private static java.util.Optional<Map<Integer, String>> kernelHelperIds() {
        try (io.ebpf4j.btf.Btf btf = io.ebpf4j.btf.Btf.vmlinux()) {
            Map<Integer, String> ids = btf.helperIds();
            return ids.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(ids);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(MapHelperCatalog.class)
                    .debug("no kernel BTF for helper names ({}); using the built-in list", e.getMessage());
            return java.util.Optional.empty();
        }
    }

    /** {@code BPF_FUNC_x} and {@code x} become {@code bpf_x}. */
    static String normalize(String name) {
        String n = name.strip();
        if (n.startsWith("BPF_FUNC_")) {
            n = n.substring("BPF_FUNC_".length());
        }
        return n.startsWith("bpf_") || n.startsWith("__") ? n : "bpf_" + n;
    }

    private static Map<Integer, String> readBuiltin() {
        Map<Integer, String> out = new TreeMap<>();
        try (InputStream in = MapHelperCatalog.class.getResourceAsStream(BUILTIN)) {
            if (in == null) {
                throw new IllegalStateException("resource " + BUILTIN + " is missing from the ebpf4j jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.strip().split("\\s+");
                out.put(Integer.parseInt(parts[0]), parts[1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Override
    public Optional<String> name(int id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public OptionalInt id(String name) {
        Integer id = byName.get(normalize(name));
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    @Override
    public boolean authoritative() {
        return authoritative;
    }

    @Override
    public Map<Integer, String> asMap() {
        return byId;
    }

    @Override
    public String toString() {
        return "HelperCatalog[" + byId.size() + " helpers" + (authoritative ? ", from the kernel" : ", names only") + "]";
    }
}
