package io.ebpf4j.btf;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.internal.libbpf.BtfCalls;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/** Creates {@link Btf}s: checks the input, calls libbpf, turns failures into exceptions. */
@SuppressWarnings("try") // try (NativeBtf.Access a = ...) holds a read lock for the block
final class BtfLoader {
    private BtfLoader() {}

    static Btf vmlinux() {
        MemorySegment p = BtfCalls.loadVmlinux();
        if (p.equals(MemorySegment.NULL)) {
            throw BtfErrors.noKernelBtf(-BtfCalls.lastError());
        }
        return new Btf(p, "vmlinux BTF", true, null, false, null);
    }

    static Btf fromFile(Path path) {
        BtfInputCheck.checkFile(path);
        MemorySegment p = BtfCalls.parse(path.toString());
        if (p.equals(MemorySegment.NULL)) {
            throw BtfErrors.parseFailed(path.toString(), -BtfCalls.lastError(), true);
        }
        return new Btf(p, "BTF of " + path, true, null, false, null);
    }

    static Btf fromFile(Path path, Btf base) {
        if (!BtfCalls.HAS_PARSE_SPLIT) {
            throw BtfErrors.noSplitSupport();
        }
        BtfInputCheck.checkFile(path);
        return parseSplit(path, base, "BTF of " + path, path.toString());
    }

    static Btf fromBytes(byte[] data, Btf base) {
        BtfInputCheck.checkRaw(ByteBuffer.wrap(data), "a byte array");
        if (base == null) {
            // libbpf before 1.3 trusts type ids and name offsets: check every record first.
            String problem = io.ebpf4j.internal.elf.BtfCheck.problem(ByteBuffer.wrap(data));
            if (problem != null) {
                throw new io.ebpf4j.kernel.BpfException("reading BTF from a byte array", "malformed BTF: " + problem);
            }
        }
        if (base != null && !BtfCalls.HAS_NEW_SPLIT) {
            return splitViaFile(data, base); // libbpf before 1.3 parses split BTF only from files
        }
        try (Arena arena = Arena.ofConfined();
                NativeBtf.Access a = base == null ? () -> {} : base.handle().read()) {
            MemorySegment copy = arena.allocate(data.length, 8);
            MemorySegment.copy(data, 0, copy, ValueLayout.JAVA_BYTE, 0, data.length);
            MemorySegment p = BtfCalls.fromMemory(copy, base == null ? MemorySegment.NULL : base.handle().ptr());
            if (p.equals(MemorySegment.NULL)) {
                throw BtfErrors.parseFailed("a byte array", -BtfCalls.lastError(), false);
            }
            return new Btf(p, base == null ? "BTF from bytes" : "split BTF from bytes", true, base, false, null);
        }
    }

    private static Btf splitViaFile(byte[] data, Btf base) {
        if (!BtfCalls.HAS_PARSE_SPLIT) {
            throw BtfErrors.noSplitSupport();
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile("ebpf4j-split-", ".btf");
            Files.write(tmp, data);
            return parseSplit(tmp, base, "split BTF from bytes", "a byte array");
        } catch (IOException e) {
            throw new BpfException("parsing split BTF from a byte array", 0, "cannot stage it in a temporary file: " + e,
                    null, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the file is in the temporary directory
                }
            }
        }
    }

    private static Btf parseSplit(Path file, Btf base, String what, String source) {
        try (NativeBtf.Access a = base.handle().read()) {
            MemorySegment p = BtfCalls.parseSplit(file.toString(), base.handle().ptr());
            if (p.equals(MemorySegment.NULL)) {
                throw BtfErrors.parseFailed(source, -BtfCalls.lastError(), true);
            }
            return new Btf(p, what, true, base, false, null);
        }
    }

    static Btf module(String moduleName, Btf vmlinux, boolean ownsBase) {
        Path file = BtfErrors.checkModuleName(moduleName);
        try (NativeBtf.Access a = vmlinux.handle().read()) {
            MemorySegment p = BtfCalls.HAS_LOAD_MODULE
                    ? BtfCalls.loadModule(moduleName, vmlinux.handle().ptr())
                    : BtfCalls.parseSplit(file.toString(), vmlinux.handle().ptr());
            if (p.equals(MemorySegment.NULL)) {
                throw BtfErrors.parseFailed(file.toString(), -BtfCalls.lastError(), true);
            }
            return new Btf(p, "BTF of module " + moduleName, true, vmlinux, ownsBase, null);
        }
    }

    static Btf borrow(MemorySegment btf, String what, Object keepAlive) {
        if (btf == null || btf.equals(MemorySegment.NULL)) {
            throw new IllegalArgumentException("no BTF to wrap (NULL) for " + what);
        }
        MemorySegment basePtr = BtfCalls.baseBtf(btf);
        Btf base = basePtr.equals(MemorySegment.NULL) ? null : new Btf(basePtr, what + " (base)", false, null, false, keepAlive);
        return new Btf(btf, what, false, base, base != null, keepAlive);
    }
}
