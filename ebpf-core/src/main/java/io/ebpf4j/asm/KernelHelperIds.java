package io.ebpf4j.asm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code enum bpf_func_id} from a raw BTF file (the kernel's {@code /sys/kernel/btf/vmlinux}).
 *
 * <p>Deliberately tiny and self-contained: it walks the type section only far enough to find that one
 * enum. It is a stop-gap until {@code io.ebpf4j.btf} exists; swap {@link HelperCatalog#kernel()} to it
 * then and delete this class.
 */
final class KernelHelperIds {
    static final String VMLINUX = "/sys/kernel/btf/vmlinux";
    private static final Logger LOG = LoggerFactory.getLogger(KernelHelperIds.class);
    private static final int MAGIC = 0xeB9F;
    private static final int KIND_ENUM = 6;

    private KernelHelperIds() {}

    /** The enumerators of {@code enum bpf_func_id} in {@code btfFile}, or empty when absent or unreadable. */
    static Optional<Map<Integer, String>> read(Path btfFile) {
        try {
            if (!Files.isReadable(btfFile)) {
                return Optional.empty();
            }
            return parse(ByteBuffer.wrap(Files.readAllBytes(btfFile)));
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot read helper ids from {}: {}", btfFile, e.toString());
            return Optional.empty();
        }
    }

    static Optional<Map<Integer, String>> parse(ByteBuffer b) {
        b.order(ByteOrder.LITTLE_ENDIAN);
        if ((b.getShort(0) & 0xffff) != MAGIC) {
            b.order(ByteOrder.BIG_ENDIAN);
            if ((b.getShort(0) & 0xffff) != MAGIC) {
                return Optional.empty();
            }
        }
        int hdrLen = b.getInt(4);
        int typeOff = hdrLen + b.getInt(8);
        int typeEnd = typeOff + b.getInt(12);
        int strOff = hdrLen + b.getInt(16);
        int pos = typeOff;
        while (pos < typeEnd) {
            int nameOff = b.getInt(pos);
            int info = b.getInt(pos + 4);
            int vlen = info & 0xffff;
            int kind = (info >>> 24) & 0x1f;
            pos += 12;
            if (kind == KIND_ENUM && "bpf_func_id".equals(string(b, strOff + nameOff))) {
                Map<Integer, String> out = new TreeMap<>();
                for (int i = 0; i < vlen; i++) {
                    out.put(b.getInt(pos + 4), string(b, strOff + b.getInt(pos)));
                    pos += 8;
                }
                return Optional.of(out);
            }
            pos += extra(kind, vlen);
        }
        return Optional.empty();
    }

    /** Bytes following the 12-byte common header for each BTF kind. */
    private static int extra(int kind, int vlen) {
        return switch (kind) {
            case 1, 14, 17 -> 4; // INT, VAR, DECL_TAG
            case 3 -> 12; // ARRAY
            case 4, 5, 15, 19 -> 12 * vlen; // STRUCT, UNION, DATASEC, ENUM64
            case 6, 13 -> 8 * vlen; // ENUM, FUNC_PROTO
            case 2, 7, 8, 9, 10, 11, 12, 16, 18 -> 0;
            default -> throw new IllegalStateException("unknown BTF kind " + kind);
        };
    }

    /** The NUL-terminated ASCII string at {@code at}. */
    static String string(ByteBuffer b, int at) {
        int end = at;
        while (b.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - at];
        b.get(at, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
