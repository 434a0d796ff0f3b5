package io.ebpf4j.btf;

import io.ebpf4j.kernel.BpfException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Checks BTF input in Java before libbpf sees it, so that truncated or garbage input gives a clean
 * {@link BpfException} naming what is wrong instead of relying on libbpf's own checks (which vary
 * between libbpf versions).
 */
final class BtfInputCheck {
    static final int BTF_MAGIC = 0xEB9F;
    static final int BTF_HEADER_MIN = 24;
    private static final int SHT_NOBITS = 8;

    /** What a file holds. */
    enum Format { ELF, RAW_BTF }

    private BtfInputCheck() {}

    /** Checks a raw BTF blob: magic, version and that every section lies inside it. */
    static void checkRaw(ByteBuffer data, String what) {
        checkHeader(data, data.remaining(), what);
    }

    /**
     * Checks the BTF header at the position of {@code header} against {@code length}, the number of
     * bytes of BTF data it introduces.
     */
    private static void checkHeader(ByteBuffer header, long length, String what) {
        if (length < BTF_HEADER_MIN || header.remaining() < BTF_HEADER_MIN) {
            throw bad(what, "it is " + length + " bytes long, shorter than a BTF header (" + BTF_HEADER_MIN + " bytes)");
        }
        ByteBuffer b = header.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int p = b.position();
        int magic = Short.toUnsignedInt(b.getShort(p));
        if (magic != BTF_MAGIC) {
            if (Short.toUnsignedInt(Short.reverseBytes((short) magic)) != BTF_MAGIC) {
                throw bad(what, String.format("it does not start with the BTF magic 0xeb9f (found 0x%04x)", magic));
            }
            b.order(ByteOrder.BIG_ENDIAN);
        }
        int version = Byte.toUnsignedInt(b.get(p + 2));
        if (version != 1) {
            throw bad(what, "unsupported BTF version " + version + " (only version 1 exists)");
        }
        long hdrLen = Integer.toUnsignedLong(b.getInt(p + 4));
        long typeOff = Integer.toUnsignedLong(b.getInt(p + 8));
        long typeLen = Integer.toUnsignedLong(b.getInt(p + 12));
        long strOff = Integer.toUnsignedLong(b.getInt(p + 16));
        long strLen = Integer.toUnsignedLong(b.getInt(p + 20));
        if (hdrLen < BTF_HEADER_MIN || hdrLen > length) {
            throw bad(what, "its header length " + hdrLen + " does not fit in its " + length + " bytes");
        }
        if (hdrLen + typeOff + typeLen > length) {
            throw bad(what, "its type section (offset " + typeOff + ", " + typeLen + " bytes) runs past the end of its "
                    + length + " bytes: the data is truncated or corrupt");
        }
        if (hdrLen + strOff + strLen > length) {
            throw bad(what, "its string section (offset " + strOff + ", " + strLen + " bytes) runs past the end of its "
                    + length + " bytes: the data is truncated or corrupt");
        }
        if (typeLen % 4 != 0 || typeOff % 4 != 0) {
            throw bad(what, "its type section is not 4-byte aligned (offset " + typeOff + ", length " + typeLen + ")");
        }
    }

    /**
     * Checks that {@code path} is a readable regular file holding an ELF object whose section headers
     * and sections lie inside the file, or a raw BTF blob whose sections do.
     */
    static Format checkFile(Path path) {
        String what = path.toString();
        if (!Files.exists(path)) {
            throw new BpfException("reading BTF from " + what, 2, "the file does not exist", "check the path", null);
        }
        if (!Files.isRegularFile(path)) {
            throw bad(what, "it is not a regular file");
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer head = read(ch, 0, (int) Math.min(size, 64));
            if (head.remaining() >= 4 && head.getInt(0) == 0x7f454c46) {
                checkElf(ch, size, what);
                return Format.ELF;
            }
            if (size > Integer.MAX_VALUE) {
                throw bad(what, "it is not an ELF file, and too large (" + size + " bytes) for raw BTF");
            }
            if (head.remaining() >= 2) {
                int m = Short.toUnsignedInt(head.order(ByteOrder.LITTLE_ENDIAN).getShort(0));
                if (m != BTF_MAGIC && Short.toUnsignedInt(Short.reverseBytes((short) m)) != BTF_MAGIC) {
                    throw bad(what, "it is neither an ELF object nor a raw BTF file (no ELF or BTF magic)");
                }
            }
            checkHeader(read(ch, 0, (int) Math.min(size, BTF_HEADER_MIN)), size, what);
            return Format.RAW_BTF;
        } catch (NoSuchFileException e) {
            throw new BpfException("reading BTF from " + what, 2, "the file does not exist", "check the path", e);
        } catch (IOException e) {
            throw new BpfException("reading BTF from " + what, 0, e.toString(), "check that the file is readable", e);
        }
    }

    private static void checkElf(FileChannel ch, long size, String what) throws IOException {
        if (size < 16) {
            throw bad(what, "the ELF file is truncated (" + size + " bytes)");
        }
        ByteBuffer ident = read(ch, 0, 16);
        int elfClass = ident.get(4);
        int data = ident.get(5);
        if ((elfClass != 1 && elfClass != 2) || (data != 1 && data != 2)) {
            throw bad(what, "the ELF header is corrupt (class " + elfClass + ", data encoding " + data + ")");
        }
        boolean is64 = elfClass == 2;
        ByteOrder order = data == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        int ehdrSize = is64 ? 64 : 52;
        if (size < ehdrSize) {
            throw bad(what, "the ELF file is truncated: " + size + " bytes, shorter than its ELF header");
        }
        ByteBuffer eh = read(ch, 0, ehdrSize).order(order);
        long shoff = is64 ? eh.getLong(0x28) : Integer.toUnsignedLong(eh.getInt(0x20));
        int shentsize = Short.toUnsignedInt(eh.getShort(is64 ? 0x3A : 0x2E));
        long shnum = Short.toUnsignedInt(eh.getShort(is64 ? 0x3C : 0x30));
        int minEnt = is64 ? 64 : 40;
        if (shoff == 0) {
            throw bad(what, "the ELF file has no section headers, so no .BTF section");
        }
        if (shoff < 0 || shentsize < minEnt || shoff + minEnt > size) {
            throw bad(what, "its ELF section header table (offset " + shoff + ") lies outside the file of " + size
                    + " bytes: the file is truncated or corrupt");
        }
        if (shnum == 0) { // extended numbering: the count is in section 0's sh_size
            ByteBuffer s0 = read(ch, shoff, minEnt).order(order);
            shnum = is64 ? s0.getLong(0x20) : Integer.toUnsignedLong(s0.getInt(0x14));
        }
        if (shnum < 0 || shnum > (size - shoff) / shentsize) {
            throw bad(what, "its ELF section header table (" + shnum + " entries at offset " + shoff
                    + ") runs past the end of the file of " + size + " bytes: the file is truncated");
        }
        ByteBuffer table = read(ch, shoff, Math.toIntExact(shnum * shentsize)).order(order);
        for (int i = 0; i < shnum; i++) {
            int at = i * shentsize;
            int type = table.getInt(at + 4);
            long off = is64 ? table.getLong(at + 0x18) : Integer.toUnsignedLong(table.getInt(at + 0x10));
            long len = is64 ? table.getLong(at + 0x20) : Integer.toUnsignedLong(table.getInt(at + 0x14));
            if (type != SHT_NOBITS && len != 0 && (off < 0 || len < 0 || off > size || len > size - off)) {
                throw bad(what, "ELF section " + i + " (offset " + off + ", " + len + " bytes) runs past the end of the file of "
                        + size + " bytes: the file is truncated or corrupt");
            }
        }
    }

    private static ByteBuffer read(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            int n = ch.read(b, position + b.position());
            if (n < 0) {
                break;
            }
        }
        return b.flip();
    }

    static BpfException bad(String what, String why) {
        return new BpfException("reading BTF from " + what, 22, why, null, null);
    }
}
