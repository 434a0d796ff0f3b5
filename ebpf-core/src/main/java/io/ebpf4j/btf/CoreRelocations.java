package io.ebpf4j.btf;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.internal.elf.ElfCheck;
import io.ebpf4j.internal.elf.ElfFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The CO-RE relocations of a BPF object, read from its {@code .BTF.ext} section and named through its
 * {@code .BTF}: which kernel types and fields its programs need. {@link #checkAgainst} says which of
 * them the running kernel's BTF lacks, which is why a load would fail with a CO-RE error.
 */
public final class CoreRelocations {
    private CoreRelocations() {}

    /** The relocations of the object {@code elf} (empty when it has no CO-RE relocations). */
    public static List<CoreRelocation> of(byte[] elf) {
        String problem = ElfCheck.problem(elf);
        if (problem != null) {
            throw new BpfException("reading CO-RE relocations", "malformed ELF: " + problem);
        }
        ElfFile file = ElfFile.parse(elf);
        Optional<ElfFile.Section> btfSec = file.section(".BTF");
        Optional<ElfFile.Section> extSec = file.section(".BTF.ext");
        if (btfSec.isEmpty() || extSec.isEmpty()) {
            return List.of();
        }
        byte[] btfBytes = file.data(btfSec.get());
        ByteBuffer ext = ByteBuffer.wrap(file.data(extSec.get())).order(ByteOrder.LITTLE_ENDIAN);
        int hdrLen = ext.getInt(4);
        if (hdrLen < 32) {
            return List.of(); // no core_relo part (older clang)
        }
        int reloOff = hdrLen + ext.getInt(24);
        int reloLen = ext.getInt(28);
        if (reloLen == 0) {
            return List.of();
        }
        List<CoreRelocation> out = new ArrayList<>();
        try (Btf btf = Btf.fromBytes(btfBytes)) {
            ByteBuffer strings = strings(btfBytes);
            int recSize = ext.getInt(reloOff);
            int p = reloOff + 4;
            int end = reloOff + reloLen;
            while (p + 8 <= end) {
                String section = cString(strings, ext.getInt(p));
                int n = ext.getInt(p + 4);
                for (int i = 0; i < n; i++) {
                    int r = p + 8 + i * recSize;
                    int typeId = ext.getInt(r + 4);
                    String spec = cString(strings, ext.getInt(r + 8));
                    CoreRelocation.Kind kind = CoreRelocation.Kind.of(ext.getInt(r + 12));
                    out.add(new CoreRelocation(section, ext.getInt(r), kind, CPrinter.of(btf).typeName(typeId),
                            access(btf, typeId, spec, kind), spec));
                }
                p += 8 + n * recSize;
            }
        }
        return List.copyOf(out);
    }

    /**
     * The relocations {@code kernel} cannot satisfy: the type (by kind and name) is missing, or a field
     * on the access path is, or an enumerator. Field-existence and type-existence checks are left out:
     * programs ask them precisely because the answer may be no.
     */
    public static List<CoreRelocation> checkAgainst(List<CoreRelocation> relocations, Btf kernel) {
        List<CoreRelocation> missing = new ArrayList<>();
        for (CoreRelocation r : relocations) {
            if (r.kind() == CoreRelocation.Kind.FIELD_EXISTS || r.kind() == CoreRelocation.Kind.TYPE_EXISTS
                    || r.kind() == CoreRelocation.Kind.ENUMVAL_EXISTS || r.kind() == CoreRelocation.Kind.TYPE_MATCHES
                    || r.kind() == CoreRelocation.Kind.TYPE_ID_LOCAL) {
                continue;
            }
            Optional<BtfType> target = findByCName(kernel, r.type());
            if (target.isEmpty()) {
                missing.add(r);
            } else if (r.kind().isField() && !r.access().isEmpty() && !r.access().startsWith("[")) {
                String path = r.access().replaceAll("\\[\\d+]", "");
                if (!path.isEmpty() && kernel.member(target.get(), path).isEmpty()) {
                    missing.add(r);
                }
            }
        }
        return missing;
    }

    private static Optional<BtfType> findByCName(Btf btf, String cName) {
        String name = cName;
        BtfKind kind = null;
        for (String prefix : new String[] {"struct ", "union ", "enum "}) {
            if (cName.startsWith(prefix)) {
                name = cName.substring(prefix.length());
                kind = switch (prefix) {
                    case "struct " -> BtfKind.STRUCT;
                    case "union " -> BtfKind.UNION;
                    default -> BtfKind.ENUM;
                };
            }
        }
        if (kind != null) {
            Optional<BtfType> t = btf.find(name, kind);
            return t.isPresent() || kind != BtfKind.ENUM ? t : btf.find(name, BtfKind.ENUM64);
        }
        return btf.findAll(name).stream().findFirst();
    }

    /** "0:62:0" on struct task_struct -> "real_parent->tgid"-style names; enumerator names for enum kinds. */
    private static String access(Btf btf, int typeId, String spec, CoreRelocation.Kind kind) {
        String[] idx = spec.split(":");
        BtfType t = btf.resolve(btf.type(typeId));
        if (kind == CoreRelocation.Kind.ENUMVAL_EXISTS || kind == CoreRelocation.Kind.ENUMVAL_VALUE) {
            int i = Integer.parseInt(idx[0]);
            if (t instanceof BtfType.Enum e && i < e.values().size()) {
                return e.values().get(i).name();
            }
            if (t instanceof BtfType.Enum64 e && i < e.values().size()) {
                return e.values().get(i).name();
            }
            return spec;
        }
        if (!kind.isField()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        if (!idx[0].equals("0")) {
            sb.append('[').append(idx[0]).append(']');
        }
        for (int k = 1; k < idx.length; k++) {
            int i = Integer.parseInt(idx[k]);
            if (t instanceof BtfType.Composite c && i < c.members().size()) {
                BtfType.Member m = c.members().get(i);
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(m.name().isEmpty() ? "<anon>" : m.name());
                t = btf.resolve(btf.type(m.type()));
            } else if (t instanceof BtfType.Array a) {
                sb.append('[').append(i).append(']');
                t = btf.resolve(btf.type(a.elem()));
            } else {
                return spec;
            }
        }
        return sb.toString().replace(".<anon>.", ".").replace("<anon>.", "");
    }

    private static ByteBuffer strings(byte[] btf) {
        ByteBuffer b = ByteBuffer.wrap(btf).order(ByteOrder.LITTLE_ENDIAN);
        int hdrLen = b.getInt(4);
        return b.slice(hdrLen + b.getInt(16), b.getInt(20)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static String cString(ByteBuffer strings, int off) {
        if (off < 0 || off >= strings.limit()) {
            return "";
        }
        int end = off;
        while (end < strings.limit() && strings.get(end) != 0) {
            end++;
        }
        byte[] b = new byte[end - off];
        strings.get(off, b);
        return new String(b, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
