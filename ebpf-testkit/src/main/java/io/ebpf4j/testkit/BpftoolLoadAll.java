package io.ebpf4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What {@code bpftool prog loadall} makes of an object on the running kernel: the independent verdict a
 * loader is compared with. Programs and maps are pinned into a private directory under
 * {@code /sys/fs/bpf} that is removed before {@link #run(Path)} returns, and described by bpftool itself.
 *
 * <p>bpftool (libbpf) pins every program of an object, and cannot pin one that was not loaded: an object
 * with autoload off ({@code SEC("?...")}) loads but fails to pin ("failed to pin all programs"). Then the
 * verdict is still {@link Verdict#LOADED}, and the programs and maps are read from libbpf's debug log of a
 * second run ({@code bpftool -d}), by name only ({@link #pinned()} is false, types are empty).
 *
 * @param verdict  whether libbpf (through bpftool) loaded the object
 * @param output   what bpftool printed (its reason, when refused), without its strict-mode banner
 * @param programs the programs it loaded
 * @param maps     the maps it created
 * @param pinned   whether programs and maps were pinned and described by the kernel (names and types)
 */
public record BpftoolLoadAll(Verdict verdict, String output, Set<KernelObject> programs, Set<KernelObject> maps,
                             boolean pinned) {

    /** A loader's verdict on an object. */
    public enum Verdict { LOADED, REFUSED }

    /**
     * A program or map as the kernel names it.
     *
     * @param name its kernel name (at most 15 characters)
     * @param type its type as bpftool and libbpf name it ({@code xdp}, {@code array}, ...); empty when unknown
     */
    public record KernelObject(String name, String type) implements Comparable<KernelObject> {
        /** Kernel object names are cut to BPF_OBJ_NAME_LEN - 1 characters. */
        public static final int MAX_NAME = 15;

        /** A name as the kernel keeps it. */
        public static String kernelName(String name) {
            return name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME);
        }

        @Override
        public int compareTo(KernelObject o) {
            return Comparator.comparing(KernelObject::name).thenComparing(KernelObject::type).compare(this, o);
        }
    }

    private static final String BPFTOOL = "bpftool";
    private static final Pattern FOUND = Pattern.compile("found program '([^']+)'");
    private static final Pattern SKIPPED = Pattern.compile("prog '([^']+)': skipped loading");
    private static final Pattern CREATED = Pattern.compile("map '([^']+)': created successfully");

    /** Whether bpftool runs here. */
    public static boolean available() {
        try {
            return Commands.exec(BPFTOOL, "version").exit() == 0;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** Loads {@code object} with {@code bpftool prog loadall}, pinning into a private bpffs directory it removes. */
    public static BpftoolLoadAll run(Path object) {
        Path dir = Path.of("/sys/fs/bpf", "ebpf4j-loadall-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            Files.createDirectory(dir);
            Commands.Outcome o = Commands.exec(BPFTOOL, "prog", "loadall", object.toString(), dir.resolve("progs").toString(),
                    "pinmaps", dir.resolve("maps").toString());
            String output = withoutBanner(o.output());
            if (o.exit() == 0) {
                return new BpftoolLoadAll(Verdict.LOADED, output, describe(dir.resolve("progs"), "prog"),
                        describe(dir.resolve("maps"), "map"), true);
            }
            if (!output.contains("failed to pin all programs")) {
                return new BpftoolLoadAll(Verdict.REFUSED, output, Set.of(), Set.of(), false);
            }
            removeAll(dir);
            Files.createDirectory(dir);
            String log = Commands.exec(BPFTOOL, "-d", "prog", "loadall", object.toString(), dir.resolve("progs").toString())
                    .output();
            Set<String> skipped = names(SKIPPED, log);
            Set<KernelObject> programs = new TreeSet<>();
            names(FOUND, log).stream().filter(n -> !skipped.contains(n))
                    .forEach(n -> programs.add(new KernelObject(KernelObject.kernelName(n), "")));
            Set<KernelObject> maps = new TreeSet<>();
            names(CREATED, log).forEach(n -> maps.add(new KernelObject(KernelObject.kernelName(n), "")));
            return new BpftoolLoadAll(Verdict.LOADED, output, programs, maps, false);
        } catch (IOException e) {
            throw new UncheckedIOException("bpftool prog loadall " + object + " into " + dir, e);
        } finally {
            removeAll(dir);
        }
    }

    /** Each pinned program or map in {@code dir}, as {@code bpftool prog|map show pinned} describes it. */
    private static Set<KernelObject> describe(Path dir, String kind) throws IOException {
        Set<KernelObject> out = new TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> pins = Files.list(dir)) {
            for (Path pin : pins.toList()) {
                JsonNode n = Bpftool.json(kind, "show", "pinned", pin.toString());
                // bpftool prints a program's full name from its BTF; the kernel keeps 15 characters
                out.add(new KernelObject(KernelObject.kernelName(n.path("name").asText()), n.path("type").asText()));
            }
        }
        return out;
    }

    private static Set<String> names(Pattern p, String log) {
        Set<String> out = new TreeSet<>();
        Matcher m = p.matcher(log);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String withoutBanner(String output) {
        return String.join("\n", output.lines().filter(l -> !l.contains("libbpf strict mode")
                && !l.contains("see --legacy option") && !l.isBlank()).toList());
    }

    /** Removes the pins and the directory; nothing of a failed run stays in bpffs. */
    private static void removeAll(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("removing " + dir, e);
        }
    }

    /** The programs' kernel names. */
    public List<String> programNames() {
        return programs.stream().map(KernelObject::name).toList();
    }

    /** The maps' kernel names. */
    public List<String> mapNames() {
        return maps.stream().map(KernelObject::name).toList();
    }
}
