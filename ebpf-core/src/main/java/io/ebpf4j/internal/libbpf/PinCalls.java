package io.ebpf4j.internal.libbpf;

import java.lang.foreign.Arena;

/** bpf_obj_pin / bpf_obj_get: pinning any BPF object fd in bpffs and opening it again. */
public final class PinCalls {
    private PinCalls() {}

    /** 0 or -errno. */
    public static int pin(int fd, String path) {
        try (Arena arena = Arena.ofConfined()) {
            return MapCalls.pin(fd, arena.allocateFrom(path));
        }
    }

    /** A new fd for the object pinned at {@code path}, or -errno. */
    public static int get(String path) {
        try (Arena arena = Arena.ofConfined()) {
            return MapCalls.objGet(arena.allocateFrom(path));
        }
    }
}
