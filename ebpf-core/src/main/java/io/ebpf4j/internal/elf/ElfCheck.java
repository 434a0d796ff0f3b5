package io.ebpf4j.internal.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Checks that bytes are a well-formed 64-bit little-endian relocatable BPF ELF object before libbpf
 * parses them. libbpf (especially older releases) trusts header fields that a truncated or corrupted
 * file can set to anything; every offset and size it will follow is checked here first, so bad input
 * becomes a clear exception instead of a crash inside native code.
 */
public final class ElfCheck {
    private static final int EHDR_SIZE = 64;
    private static final int SHDR_SIZE = 64;
    private static final int EM_BPF = 247;
    private static final int ET_REL = 1;
    private static final int SHT_SYMTAB = 2;
    private static final int SHT_STRTAB = 3;
    private static final int SHT_RELA = 4;
    private static final int SHT_NOBITS = 8;
    private static final int SHT_REL = 9;
    private static final int MAX_SECTIONS = 65_000;

    private ElfCheck() {}

    /**
     * Returns null when {@code elf} looks sound, otherwise what is wrong with it, in words.
     */
    public static String problem(byte[] elf) {
        if (elf == null || elf.length < EHDR_SIZE) {
            return "too short to be an ELF file (" + (elf == null ? 0 : elf.length) + " bytes)";
        }
        if (elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F') {
            return "not an ELF file (bad magic)";
        }
        if (elf[4] != 2) {
            return "not a 64-bit ELF file (EI_CLASS=" + elf[4] + ")";
        }
        if (elf[5] != 1) {
            return "not a little-endian ELF file (EI_DATA=" + elf[5] + "); build BPF objects with -target bpfel or -target bpf on a little-endian host";
        }
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        int type = Short.toUnsignedInt(b.getShort(16));
        int machine = Short.toUnsignedInt(b.getShort(18));
        if (machine != EM_BPF) {
            return "not a BPF object (e_machine=" + machine + ", expected EM_BPF=247)";
        }
        if (type != ET_REL) {
            return "not a relocatable object (e_type=" + type + "); BPF objects are compiled with clang -c";
        }
        long shoff = b.getLong(40);
        int shentsize = Short.toUnsignedInt(b.getShort(58));
        int shnum = Short.toUnsignedInt(b.getShort(60));
        int shstrndx = Short.toUnsignedInt(b.getShort(62));
        if (shnum == 0 || shnum > MAX_SECTIONS) {
            return "bad section count " + shnum;
        }
        if (shentsize != SHDR_SIZE) {
            return "bad section header size " + shentsize;
        }
        if (shoff < EHDR_SIZE || shoff > elf.length || (long) shnum * SHDR_SIZE > elf.length - shoff) {
            return "section header table (offset " + shoff + ", " + shnum + " entries) lies outside the file ("
                    + elf.length + " bytes); the file is truncated or corrupt";
        }
        if (shstrndx >= shnum) {
            return "section name table index " + shstrndx + " out of range (" + shnum + " sections)";
        }
        for (int i = 0; i < shnum; i++) {
            int h = (int) (shoff + (long) i * SHDR_SIZE);
            long name = Integer.toUnsignedLong(b.getInt(h));
            int shType = b.getInt(h + 4);
            long offset = b.getLong(h + 24);
            long size = b.getLong(h + 32);
            long link = Integer.toUnsignedLong(b.getInt(h + 40));
            long info = Integer.toUnsignedLong(b.getInt(h + 44));
            long entsize = b.getLong(h + 56);
            if (i == 0) {
                continue;
            }
            if (shType != SHT_NOBITS && (offset < 0 || size < 0 || offset > elf.length || size > elf.length - offset)) {
                return "section " + i + " (offset " + offset + ", size " + size + ") lies outside the file";
            }
            if (link >= shnum) {
                return "section " + i + " links to section " + link + " of " + shnum;
            }
            if ((shType == SHT_REL || shType == SHT_RELA) && info >= shnum) {
                return "relocation section " + i + " applies to section " + info + " of " + shnum;
            }
            if (shType == SHT_SYMTAB && (entsize != 24 || size % 24 != 0)) {
                return "symbol table section " + i + " has entry size " + entsize + " and size " + size;
            }
            if (shType == SHT_REL && (entsize != 16 || size % 16 != 0)) {
                return "relocation section " + i + " has entry size " + entsize + " and size " + size;
            }
            if (shType == SHT_RELA && (entsize != 24 || size % 24 != 0)) {
                return "relocation section " + i + " has entry size " + entsize + " and size " + size;
            }
            if (shType == SHT_STRTAB && size > 0 && elf[(int) (offset + size - 1)] != 0) {
                return "string table section " + i + " is not NUL-terminated";
            }
            int strtab = (int) (shoff + (long) shstrndx * SHDR_SIZE);
            long strSize = b.getLong(strtab + 32);
            if (name >= strSize) {
                return "section " + i + " has a name offset " + name + " past the name table";
            }
        }
        String symbols = symbolProblem(b, elf.length, shoff, shnum);
        if (symbols != null) {
            return symbols;
        }
        String relocations = relocationProblem(b, shoff, shnum);
        if (relocations != null) {
            return relocations;
        }
        return btfProblem(elf, b, shoff, shnum, shstrndx);
    }

    /** Relocations must name symbols that exist. */
    private static String relocationProblem(ByteBuffer b, long shoff, int shnum) {
        for (int i = 1; i < shnum; i++) {
            int h = (int) (shoff + (long) i * SHDR_SIZE);
            int type = b.getInt(h + 4);
            if (type != SHT_REL && type != SHT_RELA) {
                continue;
            }
            int link = b.getInt(h + 40);
            int symHdr = (int) (shoff + (long) link * SHDR_SIZE);
            if (link == 0 || b.getInt(symHdr + 4) != SHT_SYMTAB) {
                return "relocation section " + i + " does not link to a symbol table";
            }
            long symbols = b.getLong(symHdr + 32) / 24;
            long offset = b.getLong(h + 24);
            long size = b.getLong(h + 32);
            long entsize = type == SHT_REL ? 16 : 24;
            for (long r = offset; r < offset + size; r += entsize) {
                long sym = Integer.toUnsignedLong(b.getInt((int) r + 12));
                if (sym >= symbols) {
                    return "relocation " + (r - offset) / entsize + " of section " + i + " names symbol " + sym + " of " + symbols;
                }
            }
        }
        return null;
    }

    /** The .BTF and .BTF.ext sections, when present, must be sound (see {@link BtfCheck}). */
    private static String btfProblem(byte[] elf, ByteBuffer b, long shoff, int shnum, int shstrndx) {
        int strtab = (int) (shoff + (long) shstrndx * SHDR_SIZE);
        long namesOff = b.getLong(strtab + 24);
        int btf = -1;
        int ext = -1;
        for (int i = 1; i < shnum; i++) {
            int h = (int) (shoff + (long) i * SHDR_SIZE);
            String name = cString(elf, namesOff + Integer.toUnsignedLong(b.getInt(h)));
            if (".BTF".equals(name)) {
                btf = h;
            } else if (".BTF.ext".equals(name)) {
                ext = h;
            }
        }
        if (btf < 0) {
            return null;
        }
        long[] counts = new long[2];
        String bad = BtfCheck.btf(b, (int) b.getLong(btf + 24), (int) b.getLong(btf + 32), counts);
        if (bad != null || ext < 0) {
            return bad;
        }
        return BtfCheck.ext(b, (int) b.getLong(ext + 24), (int) b.getLong(ext + 32), counts[0], counts[1]);
    }

    private static String cString(byte[] elf, long at) {
        if (at < 0 || at >= elf.length) {
            return "";
        }
        int end = (int) at;
        while (end < elf.length && elf[end] != 0) {
            end++;
        }
        return new String(elf, (int) at, end - (int) at, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Symbols must name sections and strings that exist. */
    private static String symbolProblem(ByteBuffer b, int length, long shoff, int shnum) {
        for (int i = 1; i < shnum; i++) {
            int h = (int) (shoff + (long) i * SHDR_SIZE);
            if (b.getInt(h + 4) != SHT_SYMTAB) {
                continue;
            }
            long offset = b.getLong(h + 24);
            long size = b.getLong(h + 32);
            int link = b.getInt(h + 40);
            int strHdr = (int) (shoff + (long) link * SHDR_SIZE);
            long strSize = b.getInt(strHdr + 4) == SHT_STRTAB ? b.getLong(strHdr + 32) : -1;
            if (strSize < 0) {
                return "symbol table section " + i + " links to section " + link + ", which is not a string table";
            }
            for (long s = offset; s < offset + size; s += 24) {
                long nameOff = Integer.toUnsignedLong(b.getInt((int) s));
                int shndx = Short.toUnsignedInt(b.getShort((int) s + 6));
                if (nameOff >= strSize) {
                    return "symbol " + (s - offset) / 24 + " has a name offset past its string table";
                }
                if (shndx >= shnum && shndx < 0xff00) {
                    return "symbol " + (s - offset) / 24 + " refers to section " + shndx + " of " + shnum;
                }
            }
        }
        return null;
    }
}
