package io.ebpf4j.internal.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A minimal reader of 64-bit little-endian relocatable BPF ELF objects: sections by name and index,
 * symbols (functions with their section, offset and size), and the relocations that apply to each
 * section. The input must have passed {@link ElfCheck} (so every offset it follows is in bounds);
 * {@link #parse(byte[])} runs the check itself.
 */
public final class ElfFile {
    /** SHT_PROGBITS. */
    public static final int SHT_PROGBITS = 1;
    /** SHT_SYMTAB. */
    public static final int SHT_SYMTAB = 2;
    /** SHT_REL. */
    public static final int SHT_REL = 9;
    /** SHF_EXECINSTR. */
    public static final long SHF_EXECINSTR = 0x4;
    /** STT_OBJECT. */
    public static final int STT_OBJECT = 1;
    /** STT_FUNC. */
    public static final int STT_FUNC = 2;
    /** STT_SECTION. */
    public static final int STT_SECTION = 3;
    private static final int SHN_UNDEF = 0;

    /**
     * A section header.
     *
     * @param index  its index in the section header table
     * @param name   its name, e.g. {@code xdp} or {@code .text}
     * @param type   SHT_*
     * @param flags  SHF_*
     * @param offset where its bytes start in the file
     * @param size   its size in bytes (for SHT_NOBITS, the size in memory)
     * @param link   sh_link
     * @param info   sh_info (for relocation sections: the section they apply to)
     */
    public record Section(int index, String name, int type, long flags, int offset, int size, int link, int info) {
        /** Whether the section holds code (SHF_EXECINSTR). */
        public boolean executable() {
            return (flags & SHF_EXECINSTR) != 0 && type == SHT_PROGBITS;
        }
    }

    /**
     * A symbol table entry.
     *
     * @param index   its index in the symbol table (what relocations name)
     * @param name    its name (empty for section symbols)
     * @param section the index of the section it is defined in, 0 when undefined (extern)
     * @param value   its offset in that section, in bytes
     * @param size    its size in bytes
     * @param type    STT_*
     * @param bind    STB_* (0 local, 1 global, 2 weak)
     */
    public record Symbol(int index, String name, int section, long value, long size, int type, int bind) {
        /** Whether the symbol is a function (STT_FUNC). */
        public boolean isFunction() {
            return type == STT_FUNC;
        }

        /** Whether the symbol is not defined in this object (an extern: kfunc, ksym or kconfig value). */
        public boolean isUndefined() {
            return section == SHN_UNDEF && type != STT_SECTION;
        }
    }

    /**
     * A relocation (SHT_REL entry; BPF objects have no addends).
     *
     * @param offset byte offset in the section it applies to
     * @param symbol the symbol it refers to
     * @param type   R_BPF_*
     */
    public record Relocation(long offset, Symbol symbol, int type) {}

    private final byte[] bytes;
    private final List<Section> sections;
    private final List<Symbol> symbols;

    private ElfFile(byte[] bytes, List<Section> sections, List<Symbol> symbols) {
        this.bytes = bytes;
        this.sections = sections;
        this.symbols = symbols;
    }

    /**
     * Reads {@code elf} (not copied: do not change it afterwards).
     *
     * @throws IllegalArgumentException when {@link ElfCheck} finds it malformed
     */
    public static ElfFile parse(byte[] elf) {
        String problem = ElfCheck.problem(elf);
        if (problem != null) {
            throw new IllegalArgumentException("malformed BPF ELF object: " + problem);
        }
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        long shoff = b.getLong(40);
        int shnum = Short.toUnsignedInt(b.getShort(60));
        int shstrndx = Short.toUnsignedInt(b.getShort(62));
        int names = (int) b.getLong((int) (shoff + (long) shstrndx * 64) + 24);
        List<Section> sections = new ArrayList<>(shnum);
        for (int i = 0; i < shnum; i++) {
            int h = (int) (shoff + (long) i * 64);
            sections.add(new Section(i, cString(elf, names + b.getInt(h)), b.getInt(h + 4), b.getLong(h + 8),
                    (int) b.getLong(h + 24), (int) b.getLong(h + 32), b.getInt(h + 40), b.getInt(h + 44)));
        }
        List<Symbol> symbols = new ArrayList<>();
        for (Section s : sections) {
            if (s.type() != SHT_SYMTAB) {
                continue;
            }
            int strings = sections.get(s.link()).offset();
            for (int at = s.offset(), n = 0; at < s.offset() + s.size(); at += 24, n++) {
                int info = Byte.toUnsignedInt(b.get(at + 4));
                symbols.add(new Symbol(n, cString(elf, strings + b.getInt(at)), Short.toUnsignedInt(b.getShort(at + 6)),
                        b.getLong(at + 8), b.getLong(at + 16), info & 0xf, info >>> 4));
            }
            break; // a relocatable object has one symbol table
        }
        for (Section s : sections) {
            if (s.type() == SHT_REL) {
                for (int at = s.offset(); at < s.offset() + s.size(); at += 16) {
                    long symbol = b.getLong(at + 8) >>> 32;
                    if (symbol >= symbols.size()) {
                        throw new IllegalArgumentException("malformed BPF ELF object: relocation section '" + s.name()
                                + "' names symbol " + symbol + " of " + symbols.size());
                    }
                }
            }
        }
        return new ElfFile(elf, Collections.unmodifiableList(sections), Collections.unmodifiableList(symbols));
    }

    /** Every section, by index (index 0 is the null section). */
    public List<Section> sections() {
        return sections;
    }

    /** The section at {@code index}. */
    public Section section(int index) {
        return sections.get(index);
    }

    /** The first section called {@code name}. */
    public Optional<Section> section(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** A copy of a section's bytes (empty for SHT_NOBITS). */
    public byte[] data(Section section) {
        if (section.type() == 8) {
            return new byte[0];
        }
        byte[] out = new byte[section.size()];
        System.arraycopy(bytes, section.offset(), out, 0, out.length);
        return out;
    }

    /** Every symbol, by index. */
    public List<Symbol> symbols() {
        return symbols;
    }

    /** The function symbols defined in section {@code sectionIndex}, by offset. */
    public List<Symbol> functions(int sectionIndex) {
        return symbols.stream().filter(s -> s.isFunction() && s.section() == sectionIndex)
                .sorted(Comparator.comparingLong(Symbol::value)).toList();
    }

    /** The relocations that apply to section {@code sectionIndex}, by offset. */
    public List<Relocation> relocations(int sectionIndex) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<Relocation> out = new ArrayList<>();
        for (Section s : sections) {
            if (s.type() != SHT_REL || s.info() != sectionIndex) {
                continue;
            }
            for (int at = s.offset(); at < s.offset() + s.size(); at += 16) {
                long info = b.getLong(at + 8);
                out.add(new Relocation(b.getLong(at), symbols.get((int) (info >>> 32)), (int) info));
            }
        }
        out.sort(Comparator.comparingLong(Relocation::offset));
        return out;
    }

    /** The NUL-terminated string at {@code at} in the file. */
    static String cString(byte[] elf, int at) {
        if (at < 0 || at >= elf.length) {
            return "";
        }
        int end = at;
        while (end < elf.length && elf[end] != 0) {
            end++;
        }
        return new String(elf, at, end - at, StandardCharsets.UTF_8);
    }
}
