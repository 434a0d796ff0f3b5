package io.ebpf4j.map;

import io.ebpf4j.internal.os.StatFs;
import java.nio.file.Path;

/** The BPF file system, where maps (and programs, links) are pinned. Detected, never assumed. */
public final class Bpffs {
    /** Where bpffs is usually mounted. */
    public static final Path DEFAULT_MOUNT = Path.of("/sys/fs/bpf");

    private Bpffs() {}

    /** Whether {@code dir} (an existing directory) is on a bpffs mount. */
    public static boolean isBpffs(Path dir) {
        return StatFs.type(dir.toAbsolutePath().toString()).orElse(0) == StatFs.BPF_FS_MAGIC;
    }

    /** Whether bpffs is mounted at {@link #DEFAULT_MOUNT}. */
    public static boolean isMounted() {
        return isBpffs(DEFAULT_MOUNT);
    }
}
