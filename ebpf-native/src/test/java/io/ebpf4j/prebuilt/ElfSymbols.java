package io.ebpf4j.prebuilt;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Minimal ELF64 little-endian reader for tests: section and symbol names of a BPF object. */
record ElfSymbols(int machine, List<String> sections, List<String> symbols) {

    static final int EM_BPF = 247;
    private static final int SHT_SYMTAB = 2;
    private static final int SECTION_HEADER_SIZE = 64;
    private static final int SYMBOL_SIZE = 24;

    static ElfSymbols read(byte[] elf) {
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != 0x464c457f || b.get(4) != 2 || b.get(5) != 1) {
            throw new IllegalArgumentException("not a little-endian ELF64 file");
        }
        int machine = Short.toUnsignedInt(b.getShort(0x12));
        int shoff = Math.toIntExact(b.getLong(0x28));
        int shnum = Short.toUnsignedInt(b.getShort(0x3c));
        int shstrndx = Short.toUnsignedInt(b.getShort(0x3e));
        int shstrOff = offset(b, shoff, shstrndx);
        List<String> sections = new ArrayList<>();
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < shnum; i++) {
            int sh = shoff + i * SECTION_HEADER_SIZE;
            sections.add(cString(elf, shstrOff + b.getInt(sh)));
            if (b.getInt(sh + 4) == SHT_SYMTAB) {
                int symOff = Math.toIntExact(b.getLong(sh + 24));
                int symSize = Math.toIntExact(b.getLong(sh + 32));
                int strOff = offset(b, shoff, b.getInt(sh + 40));
                for (int s = symOff; s + SYMBOL_SIZE <= symOff + symSize; s += SYMBOL_SIZE) {
                    String name = cString(elf, strOff + b.getInt(s));
                    if (!name.isEmpty()) {
                        symbols.add(name);
                    }
                }
            }
        }
        return new ElfSymbols(machine, List.copyOf(sections), List.copyOf(symbols));
    }

    private static int offset(ByteBuffer b, int shoff, int index) {
        return Math.toIntExact(b.getLong(shoff + index * SECTION_HEADER_SIZE + 24));
    }

    private static String cString(byte[] data, int from) {
        int end = from;
        while (data[end] != 0) {
            end++;
        }
        return new String(data, from, end - from, StandardCharsets.US_ASCII);
    }
}
