package io.ebpf4j.internal.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The BTF declaration tags ({@code __attribute__((btf_decl_tag("...")))}) an object puts on its
 * functions, read from its {@code .BTF} section: libbpf and the kernel act on some of them, e.g.
 * {@code exception_callback:NAME} names the exception callback of a program. Only tags on whole
 * functions (component index -1) are returned. The section must have passed {@link BtfCheck}.
 */
public final class BtfDeclTags {
    private static final int KIND_FUNC = 12;
    private static final int KIND_DECL_TAG = 17;

    private BtfDeclTags() {}

    /** Function name to the values of its declaration tags; empty without {@code .BTF}. */
    public static Map<String, List<String>> ofFunctions(ElfFile elf) {
        return elf.section(".BTF").map(s -> read(elf.data(s))).orElse(Map.of());
    }

    private static Map<String, List<String>> read(byte[] btf) {
        ByteBuffer b = ByteBuffer.wrap(btf).order(ByteOrder.LITTLE_ENDIAN);
        if (BtfCheck.btf(b, 0, btf.length, new long[2]) != null) {
            return Map.of(); // not the section ElfCheck checked (a second one of that name): no tags
        }
        int hdrLen = b.getInt(4);
        int types = hdrLen + b.getInt(8);
        int end = types + b.getInt(12);
        int strings = hdrLen + b.getInt(16);
        // type id -> (kind, name offset, referenced type, component index), ids from 1
        List<int[]> all = new ArrayList<>();
        all.add(new int[4]);
        for (int p = types; p < end; ) {
            int info = b.getInt(p + 4);
            int kind = (info >>> 24) & 0x1f;
            int extra = BtfCheck.extraBytes(info);
            all.add(new int[] {kind, b.getInt(p), b.getInt(p + 8), kind == KIND_DECL_TAG ? b.getInt(p + 12) : 0});
            p += 12 + Math.max(extra, 0);
        }
        Map<Integer, List<String>> byId = new HashMap<>();
        for (int[] t : all) {
            if (t[0] == KIND_DECL_TAG && t[3] == -1 && t[2] > 0 && t[2] < all.size() && all.get(t[2])[0] == KIND_FUNC) {
                byId.computeIfAbsent(t[2], k -> new ArrayList<>()).add(string(btf, strings + t[1]));
            }
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        byId.forEach((id, tags) -> out.put(string(btf, strings + all.get(id)[1]), List.copyOf(tags)));
        return out;
    }

    private static String string(byte[] btf, int at) {
        int e = at;
        while (e < btf.length && btf[e] != 0) {
            e++;
        }
        return new String(btf, at, e - at, StandardCharsets.UTF_8);
    }
}
