package io.ebpf4j.prebuilt;

import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code MANIFEST.sha256}: the SHA-256 of every object in a prebuilt set, plus the
 * clang major version that built them.
 *
 * <p>The format is {@code sha256sum} output ({@code <64 hex digits><two spaces><file name>}),
 * preceded by {@code #} comment lines; the line {@code # clang-major: N} records the compiler.
 * {@code ebpf-native/build-bpf.sh} writes it.
 *
 * @param clangMajor    the clang major version recorded in the header, if any
 * @param sha256ByName  lower-case hex SHA-256 per object file name, sorted by name, unmodifiable
 */
public record Manifest(OptionalInt clangMajor, Map<String, String> sha256ByName) {

    /** File name of a manifest inside its object directory. */
    public static final String FILE_NAME = "MANIFEST.sha256";

    private static final Pattern ENTRY = Pattern.compile("([0-9a-fA-F]{64}) [ *](\\S+)");
    private static final Pattern CLANG = Pattern.compile("#\\s*clang-major:\\s*(\\d+)\\s*");
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

    /**
     * Validates and copies the entries.
     *
     * @param clangMajor   the recorded clang major version, if any
     * @param sha256ByName SHA-256 (64 hex digits) per plain file name
     * @throws IllegalArgumentException when a name is not a plain file name or a digest is not
     *                                  64 hex digits
     */
    public Manifest {
        if (clangMajor == null || sha256ByName == null) {
            throw new IllegalArgumentException("clangMajor and sha256ByName must not be null");
        }
        TreeMap<String, String> copy = new TreeMap<>();
        sha256ByName.forEach((name, sha) -> {
            if (name == null || !isPlainFileName(name)) {
                throw new IllegalArgumentException("not a plain file name: " + name);
            }
            if (sha == null || !sha.matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException("not a SHA-256 (64 hex digits) for " + name + ": " + sha);
            }
            copy.put(name, sha.toLowerCase(Locale.ROOT));
        });
        sha256ByName = Collections.unmodifiableMap(copy);
    }

    /**
     * Parses manifest text.
     *
     * @param text the manifest content
     * @return the manifest
     * @throws PrebuiltIntegrityException when a line is neither a comment, blank, nor a
     *                                    {@code sha256sum} entry, or a name appears twice
     */
    public static Manifest parse(String text) {
        OptionalInt clang = OptionalInt.empty();
        TreeMap<String, String> entries = new TreeMap<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                Matcher m = CLANG.matcher(line);
                if (m.matches()) {
                    clang = OptionalInt.of(Integer.parseInt(m.group(1)));
                }
                continue;
            }
            Matcher m = ENTRY.matcher(line);
            if (!m.matches() || !isPlainFileName(m.group(2))) {
                throw malformed("line " + (i + 1) + " is not '<sha256>  <file name>': " + line);
            }
            if (entries.put(m.group(2), m.group(1).toLowerCase(Locale.ROOT)) != null) {
                throw malformed("line " + (i + 1) + " lists " + m.group(2) + " a second time");
            }
        }
        return new Manifest(clang, entries);
    }

    /**
     * Returns the listed object file names, sorted.
     *
     * @return the names, unmodifiable
     */
    public List<String> names() {
        return List.copyOf(sha256ByName.keySet());
    }

    /**
     * Returns the expected SHA-256 of one object.
     *
     * @param fileName the object file name, e.g. {@code xdp_counter.bpf.o}
     * @return lower-case hex digest, or empty when the manifest does not list the name
     */
    public Optional<String> sha256(String fileName) {
        return Optional.ofNullable(sha256ByName.get(fileName));
    }

    /**
     * Renders the manifest in the format {@link #parse(String)} reads (and
     * {@code sha256sum -c} accepts, apart from the comment lines).
     *
     * @return the manifest text
     */
    public String format() {
        StringBuilder sb = new StringBuilder();
        clangMajor.ifPresent(major -> sb.append("# clang-major: ").append(major).append('\n'));
        sha256ByName.forEach((name, sha) -> sb.append(sha).append("  ").append(name).append('\n'));
        return sb.toString();
    }

    /**
     * Tells whether a name is a plain file name (no directory parts, not hidden).
     *
     * @param name the candidate
     * @return true for names like {@code xdp_counter.bpf.o}
     */
    static boolean isPlainFileName(String name) {
        return SAFE_NAME.matcher(name).matches() && !name.contains("..");
    }

    /**
     * Formats a digest as lower-case hex.
     *
     * @param digest raw digest bytes
     * @return hex text
     */
    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    private static PrebuiltIntegrityException malformed(String detail) {
        return new PrebuiltIntegrityException(FILE_NAME, "malformed " + FILE_NAME + ": " + detail
                + " (regenerate it with ebpf-native/build-bpf.sh)");
    }
}
