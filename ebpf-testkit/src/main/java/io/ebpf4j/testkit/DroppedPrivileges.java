package io.ebpf4j.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Child processes run as another user with exactly the capabilities a test names, through
 * {@code setpriv(1)}: the user id, no supplementary groups, and the named capabilities as the
 * inheritable, ambient and bounding sets (so they stay effective across the exec of {@code java} and
 * of any command the child runs, and no other capability can be gained). The test JVM must be root.
 */
public final class DroppedPrivileges {
    /** The setpriv binary. */
    public static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    /** User {@code nobody}. */
    public static final int NOBODY = 65534;

    private DroppedPrivileges() {}

    /** Why a test cannot drop privileges here (no setpriv, not root), or null when it can. */
    public static String unavailable() {
        if (!Files.isExecutable(SETPRIV)) {
            return "needs " + SETPRIV;
        }
        return "root".equals(System.getProperty("user.name")) ? null : "needs root to drop privileges";
    }

    /**
     * The command prefix that runs what follows as {@code uid} (and gid {@code uid}) with exactly
     * {@code caps}, e.g. {@code List.of("bpf", "perfmon", "net_admin")} (capability names without
     * {@code CAP_}, lower case; empty: none).
     */
    public static List<String> setpriv(int uid, List<String> caps) {
        String set = caps.isEmpty() ? "-all" : "-all," + String.join(",", caps.stream().map(c -> "+" + c).toList());
        List<String> cmd = new ArrayList<>(List.of(SETPRIV.toString(), "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                "--inh-caps=" + set, "--bounding-set=" + set));
        if (!caps.isEmpty()) {
            cmd.add("--ambient-caps=" + set);
        }
        return cmd;
    }

    /**
     * Copies every entry of this JVM's test class path into {@code dir}, world-readable (another user
     * cannot read the build's target directories); returns the new class path.
     */
    public static String worldReadableClassPath(Path dir) throws IOException {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) {
            cp = System.getProperty("java.class.path");
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        for (String entry : cp.split(File.pathSeparator)) {
            Path src = Path.of(entry);
            if (!Files.exists(src)) {
                continue;
            }
            Path dst = dir.resolve((i++) + "-" + src.getFileName());
            try (Stream<Path> s = Files.walk(src)) {
                for (Path f : (Iterable<Path>) s::iterator) {
                    Path t = Files.isDirectory(src) ? dst.resolve(src.relativize(f).toString()) : dst;
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(t);
                    } else {
                        Files.copy(f, t);
                    }
                }
            }
            out.add(dst.toString());
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) s::iterator) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(Files.isDirectory(f) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return String.join(File.pathSeparator, out);
    }
}
