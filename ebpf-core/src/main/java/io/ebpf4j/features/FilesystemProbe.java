package io.ebpf4j.features;

import java.util.List;
import java.util.Optional;

/** Finds bpffs, tracefs and securityfs in this process's mount namespace (/proc/self/mountinfo). */
final class FilesystemProbe {
    static final String BPFFS_MOUNT = "mount -t bpf bpf /sys/fs/bpf";
    static final String TRACEFS_MOUNT = "mount -t tracefs tracefs /sys/kernel/tracing";
    static final String SECURITYFS_MOUNT = "mount -t securityfs securityfs /sys/kernel/security";

    private FilesystemProbe() {}

    static Filesystems probe() {
        List<String[]> mounts = mounts();
        List<String> supported = SysFiles.lines("/proc/filesystems").stream()
                .map(l -> l.substring(l.lastIndexOf('\t') + 1).strip()).toList();
        Mount tracefs = mount("tracefs", "/sys/kernel/tracing", TRACEFS_MOUNT, mounts, supported);
        if (tracefs.mountPoint().isEmpty()) {
            // With debugfs mounted, <debugfs>/tracing is an automount of tracefs: looking at it mounts it,
            // as libbpf's own fallback path does.
            Optional<String> auto = mounts.stream().filter(m -> m[1].equals("debugfs")).map(m -> m[0] + "/tracing")
                    .filter(p -> SysFiles.exists(p + "/events")).findFirst();
            if (auto.isPresent()) {
                tracefs = new Mount("tracefs", auto, tracefs.kernelSupportsIt(), TRACEFS_MOUNT);
            }
        }
        return new Filesystems(
                mount("bpf", "/sys/fs/bpf", BPFFS_MOUNT, mounts, supported),
                tracefs,
                mount("securityfs", "/sys/kernel/security", SECURITYFS_MOUNT, mounts, supported));
    }

    private static Mount mount(String type, String usual, String command, List<String[]> mounts, List<String> supported) {
        Optional<String> at = Optional.empty();
        for (String[] m : mounts) {
            if (m[1].equals(type) && (at.isEmpty() || m[0].equals(usual))) {
                at = Optional.of(m[0]);
            }
        }
        return new Mount(type, at, supported.contains(type), command);
    }

    /** {mount point, filesystem type} of every mount. */
    private static List<String[]> mounts() {
        return SysFiles.lines("/proc/self/mountinfo").stream().map(line -> {
            String[] f = line.split(" ");
            int dash = line.indexOf(" - ");
            if (f.length < 5 || dash < 0) {
                return null;
            }
            String type = line.substring(dash + 3).split(" ")[0];
            return new String[] {unescape(f[4]), type};
        }).filter(java.util.Objects::nonNull).toList();
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    private static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }
}
