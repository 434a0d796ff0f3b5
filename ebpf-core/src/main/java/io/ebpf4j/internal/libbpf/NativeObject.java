package io.ebpf4j.internal.libbpf;

import io.ebpf4j.kernel.Errno;
import io.ebpf4j.kernel.BpfException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An opened (not yet loaded, or loaded) {@code struct bpf_object}, with the arena that holds the ELF
 * bytes and every string handed to libbpf for as long as the object lives. Not thread-safe.
 */
public final class NativeObject implements AutoCloseable {
    private final Arena arena;
    private MemorySegment obj;

    private NativeObject(Arena arena, MemorySegment obj) {
        this.arena = arena;
        this.obj = obj;
    }

    /**
     * Opens {@code elf} (already checked by {@code ElfCheck}) with bpf_object__open_mem.
     *
     * @param name       the object name (required: libbpf derives it from a path otherwise)
     * @param btfCustom  a BTF file for CO-RE, or null
     * @param pinRoot    the pin root directory, or null
     */
    public static NativeObject open(byte[] elf, String name, Path btfCustom, Path pinRoot) {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment buf = arena.allocate(elf.length, 8);
            MemorySegment.copy(elf, 0, buf, ValueLayout.JAVA_BYTE, 0, elf.length);
            MemorySegment opts = arena.allocate(ObjectCalls.OPEN_OPTS_SIZE, 8);
            opts.set(ValueLayout.JAVA_LONG, 0, ObjectCalls.OPEN_OPTS_SIZE);
            opts.set(ValueLayout.ADDRESS, ObjectCalls.OPEN_OPTS_OBJECT_NAME, arena.allocateFrom(name));
            if (btfCustom != null) {
                opts.set(ValueLayout.ADDRESS, ObjectCalls.OPEN_OPTS_BTF_CUSTOM_PATH, arena.allocateFrom(btfCustom.toString()));
            }
            if (pinRoot != null) {
                opts.set(ValueLayout.ADDRESS, ObjectCalls.OPEN_OPTS_PIN_ROOT, arena.allocateFrom(pinRoot.toString()));
            }
            int[] errno = new int[1];
            MemorySegment obj = ObjectCalls.openMem(buf, elf.length, opts, errno);
            if (obj.equals(MemorySegment.NULL)) {
                throw new BpfException("opening BPF object '" + name + "'", errno[0],
                        "libbpf could not parse it (see the libbpf log for details)",
                        errno[0] == Errno.ENOENT.number() && btfCustom != null ? "check that the BTF file " + btfCustom + " exists" : null);
            }
            return new NativeObject(arena, obj);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    /** The {@code struct bpf_object *}. */
    public MemorySegment handle() {
        if (obj == null) {
            throw new IllegalStateException("BPF object already closed");
        }
        return obj;
    }

    /** The arena that lives as long as this object (for strings and buffers given to libbpf). */
    public Arena arena() {
        return arena;
    }

    /** The {@code struct bpf_program *}s in ELF order. */
    public List<MemorySegment> programs() {
        List<MemorySegment> out = new ArrayList<>();
        for (MemorySegment p = ObjectCalls.nextProgram(handle(), MemorySegment.NULL); !p.equals(MemorySegment.NULL);
             p = ObjectCalls.nextProgram(handle(), p)) {
            out.add(p);
        }
        return out;
    }

    /** The {@code struct bpf_map *}s in ELF order. */
    public List<MemorySegment> maps() {
        List<MemorySegment> out = new ArrayList<>();
        for (MemorySegment m = ObjectCalls.nextMap(handle(), MemorySegment.NULL); !m.equals(MemorySegment.NULL);
             m = ObjectCalls.nextMap(handle(), m)) {
            out.add(m);
        }
        return out;
    }

    /** bpf_object__close, then frees the arena. Idempotent. */
    @Override
    public void close() {
        if (obj != null) {
            ObjectCalls.close(obj);
            obj = null;
            arena.close();
        }
    }
}
