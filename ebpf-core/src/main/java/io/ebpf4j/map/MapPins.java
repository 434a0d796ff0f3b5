package io.ebpf4j.map;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.Errno;
import io.ebpf4j.internal.ffi.Check;
import io.ebpf4j.internal.ffi.OpKind;
import io.ebpf4j.internal.libbpf.MapCalls;
import io.ebpf4j.internal.ffi.Remedies;
import io.ebpf4j.internal.os.Fd;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;

/** Pinning maps in bpffs: bpf_obj_pin, bpf_obj_get, unlinking pins. Used through {@link RawMap}. */
final class MapPins {
    private MapPins() {}

    /** Opens the object pinned at {@code path} as an owned fd, checking it is a map. */
    static Fd open(Path path) {
        String op = "bpf_obj_get(" + path + ")";
        int n;
        try (Arena arena = Arena.ofConfined()) {
            n = MapCalls.objGet(arena.allocateFrom(path.toAbsolutePath().toString()));
        }
        if (n < 0) {
            int errno = -n;
            String remedy = errno == Errno.ENOENT.number() ? "nothing is pinned at " + path
                    : Remedies.forErrno(OpKind.PIN, errno);
            throw new BpfException(op, errno, null, remedy);
        }
        Fd fd = Fd.owned(n, "pinned map " + path);
        if (!isMapFd(n)) {
            fd.close();
            throw new BpfException(op, "the object pinned at " + path + " is not a map");
        }
        return fd;
    }

    /** Pins {@code map} at {@code path} (directory on bpffs); returns the absolute path. */
    static Path pin(RawMap map, Path path) {
        Path abs = path.toAbsolutePath();
        String op = "bpf_obj_pin(" + map + ", " + abs + ")";
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new BpfException(op, "directory " + dir + " does not exist");
        }
        if (!Bpffs.isBpffs(dir)) {
            throw new BpfException(op, 0, dir + " is not on a BPF file system", Remedies.BPFFS
                    + " (or pin below a directory that is)");
        }
        int r;
        try (Arena arena = Arena.ofConfined()) {
            r = MapCalls.pin(map.fd(), arena.allocateFrom(abs.toString()));
        }
        Check.check(r, OpKind.PIN, op);
        return abs;
    }

    /** Removes the pin at {@code path} if there is one. */
    static boolean unpin(Path path) {
        try {
            return Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("removing pin " + path, e);
        }
    }

    private static boolean isMapFd(int fd) {
        try {
            Path target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd));
            return target.toString().equals("anon_inode:bpf-map");
        } catch (IOException | UnsupportedOperationException e) {
            return true; // cannot tell: let bpf_obj_get_info_by_fd decide
        }
    }
}
