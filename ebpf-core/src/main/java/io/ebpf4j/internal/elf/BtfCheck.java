package io.ebpf4j.internal.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Structural checks of a {@code .BTF} and {@code .BTF.ext} section before libbpf parses them: header
 * bounds, every type record inside the type section, every name inside the string section, every type
 * id a type refers to inside the table, and every .BTF.ext record inside its section. libbpf before
 * 1.3 follows these without checking, and a single flipped byte can crash it.
 */
public final class BtfCheck {
    private static final int MAGIC = 0xeB9F;
    private static final int HDR_MIN = 24;
    private static final int EXT_HDR_MIN = 24;
    private static final int KIND_MAX = 19; // BTF_KIND_ENUM64
    private static final int MAX_TYPES = 1 << 20;

    private BtfCheck() {}

    /**
     * Null when {@code raw} (a whole raw BTF blob, not split BTF) is sound; what is wrong otherwise.
     * Type ids must stay within the blob's own types, so split BTF (which refers to its base) is not
     * for this check.
     */
    public static String problem(ByteBuffer raw) {
        ByteBuffer b = raw.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        return btf(b, b.position(), b.remaining(), new long[2]);
    }

    /** Null when the BTF section is sound; what is wrong otherwise. Fills {@code counts} [types, strLen]. */
    static String btf(ByteBuffer elf, int off, int size, long[] counts) {
        if (size < HDR_MIN) {
            return ".BTF is too short for its header";
        }
        ByteBuffer b = elf.slice(off, size).order(ByteOrder.LITTLE_ENDIAN);
        if (Short.toUnsignedInt(b.getShort(0)) != MAGIC) {
            return ".BTF has a bad magic number";
        }
        if (b.get(2) != 1) {
            return ".BTF has version " + b.get(2) + ", expected 1";
        }
        long hdrLen = Integer.toUnsignedLong(b.getInt(4));
        long typeOff = Integer.toUnsignedLong(b.getInt(8));
        long typeLen = Integer.toUnsignedLong(b.getInt(12));
        long strOff = Integer.toUnsignedLong(b.getInt(16));
        long strLen = Integer.toUnsignedLong(b.getInt(20));
        if (hdrLen < HDR_MIN || hdrLen > size) {
            return ".BTF header length " + hdrLen + " is out of range";
        }
        if (hdrLen + typeOff + typeLen > size || hdrLen + strOff + strLen > size) {
            return ".BTF type or string section lies outside the section";
        }
        if (typeOff % 4 != 0 || typeLen % 4 != 0) {
            return ".BTF type section is not 4-byte aligned";
        }
        if (strLen == 0 || b.get((int) (hdrLen + strOff)) != 0 || b.get((int) (hdrLen + strOff + strLen - 1)) != 0) {
            return ".BTF string section must start and end with NUL";
        }
        if (typeOff < strOff ? typeOff + typeLen > strOff : strOff + strLen > typeOff) {
            return ".BTF type and string sections overlap";
        }
        int types = (int) (hdrLen + typeOff);
        int end = (int) (types + typeLen);
        // Pass 1: walk the records, count them.
        int n = 0;
        for (int p = types; p < end; n++) {
            if (n >= MAX_TYPES) {
                return ".BTF has too many types";
            }
            if (end - p < 12) {
                return ".BTF type " + (n + 1) + " is cut short";
            }
            int extra = extraBytes(b.getInt(p + 4));
            if (extra < 0) {
                return ".BTF type " + (n + 1) + " has an unknown kind " + ((b.getInt(p + 4) >>> 24) & 0x1f);
            }
            if ((long) end - p - 12 < extra) {
                return ".BTF type " + (n + 1) + " runs past the type section";
            }
            p += 12 + extra;
        }
        // Pass 2: every name and every referenced type id in range.
        int id = 1;
        for (int p = types; p < end; id++) {
            int info = b.getInt(p + 4);
            int kind = (info >>> 24) & 0x1f;
            int vlen = info & 0xffff;
            long ref = Integer.toUnsignedLong(b.getInt(p + 8));
            if (Integer.toUnsignedLong(b.getInt(p)) >= strLen) {
                return ".BTF type " + id + " has a name offset past the string section";
            }
            String bad = switch (kind) {
                case 2, 8, 9, 10, 11, 12, 14, 17, 18 -> ref > n ? "refers to type " + ref + " of " + n : null;
                case 3 -> { // array: elem type, index type
                    long elem = Integer.toUnsignedLong(b.getInt(p + 12));
                    long index = Integer.toUnsignedLong(b.getInt(p + 16));
                    yield elem > n || index > n ? "array refers to a type past " + n : null;
                }
                case 4, 5 -> members(b, p + 12, vlen, 12, 0, 4, strLen, n);
                case 6 -> members(b, p + 12, vlen, 8, 0, -1, strLen, n);
                case 19 -> members(b, p + 12, vlen, 12, 0, -1, strLen, n);
                case 13 -> {
                    if (ref > n) {
                        yield "function prototype returns type " + ref + " of " + n;
                    }
                    yield members(b, p + 12, vlen, 8, 0, 4, strLen, n);
                }
                case 15 -> members(b, p + 12, vlen, 12, -1, 0, strLen, n);
                default -> null;
            };
            if (bad != null) {
                return ".BTF type " + id + " " + bad;
            }
            p += 12 + extraBytes(info);
        }
        counts[0] = n;
        counts[1] = strLen;
        return null;
    }

    /** Checks vlen records of {@code recSize}: a name offset at {@code nameAt} and a type id at {@code typeAt} (-1: none). */
    private static String members(ByteBuffer b, int p, int vlen, int recSize, int nameAt, int typeAt, long strLen, int n) {
        for (int i = 0; i < vlen; i++) {
            int r = p + i * recSize;
            if (nameAt >= 0 && Integer.toUnsignedLong(b.getInt(r + nameAt)) >= strLen) {
                return "member " + i + " has a name offset past the string section";
            }
            if (typeAt >= 0 && Integer.toUnsignedLong(b.getInt(r + typeAt)) > n) {
                return "member " + i + " refers to type " + Integer.toUnsignedLong(b.getInt(r + typeAt)) + " of " + n;
            }
        }
        return null;
    }

    /** Bytes that follow the 12-byte common part of a type record, or -1 for an unknown kind. */
    static int extraBytes(int info) {
        int kind = (info >>> 24) & 0x1f;
        int vlen = info & 0xffff;
        return switch (kind) {
            case 1 -> 4;                          // INT
            case 2, 7, 8, 9, 10, 11, 12, 16, 18 -> 0;
            case 3 -> 12;                         // ARRAY
            case 4, 5 -> vlen * 12;               // STRUCT, UNION
            case 6 -> vlen * 8;                   // ENUM
            case 13 -> vlen * 8;                  // FUNC_PROTO
            case 14 -> 4;                         // VAR
            case 15 -> vlen * 12;                 // DATASEC
            case 17 -> 4;                         // DECL_TAG
            case 19 -> vlen * 12;                 // ENUM64
            default -> kind > KIND_MAX || kind == 0 ? -1 : 0;
        };
    }

    /** Null when the .BTF.ext section is sound against a .BTF with {@code types} types and {@code strLen} bytes of strings. */
    static String ext(ByteBuffer elf, int off, int size, long types, long strLen) {
        if (size < EXT_HDR_MIN) {
            return ".BTF.ext is too short for its header";
        }
        ByteBuffer b = elf.slice(off, size).order(ByteOrder.LITTLE_ENDIAN);
        if (Short.toUnsignedInt(b.getShort(0)) != MAGIC) {
            return ".BTF.ext has a bad magic number";
        }
        long hdrLen = Integer.toUnsignedLong(b.getInt(4));
        if (hdrLen < EXT_HDR_MIN || hdrLen > size) {
            return ".BTF.ext header length " + hdrLen + " is out of range";
        }
        String[] names = {"func_info", "line_info", "core_relo"};
        int[] minRec = {8, 16, 16};
        int sections = hdrLen >= 32 ? 3 : 2;
        for (int s = 0; s < sections; s++) {
            long secOff = Integer.toUnsignedLong(b.getInt(8 + s * 8));
            long secLen = Integer.toUnsignedLong(b.getInt(12 + s * 8));
            if (secLen == 0) {
                continue;
            }
            if (hdrLen + secOff + secLen > size || secLen < 4) {
                return ".BTF.ext " + names[s] + " lies outside the section";
            }
            String bad = infoSection(b, (int) (hdrLen + secOff), (int) secLen, minRec[s], s, types, strLen);
            if (bad != null) {
                return ".BTF.ext " + names[s] + ": " + bad;
            }
        }
        return null;
    }

    private static String infoSection(ByteBuffer b, int start, int len, int minRec, int kind, long types, long strLen) {
        long recSize = Integer.toUnsignedLong(b.getInt(start));
        if (recSize < minRec || recSize > 256 || recSize % 4 != 0) {
            return "record size " + recSize + " is invalid";
        }
        int p = start + 4;
        int end = start + len;
        while (p < end) {
            if (end - p < 8) {
                return "a section header is cut short";
            }
            long secName = Integer.toUnsignedLong(b.getInt(p));
            long num = Integer.toUnsignedLong(b.getInt(p + 4));
            if (secName >= strLen) {
                return "a section name offset is past the string section";
            }
            if (num == 0 || num * recSize > (long) end - p - 8) {
                return "a section's " + num + " records run past the end";
            }
            for (long i = 0; i < num; i++) {
                int r = (int) (p + 8 + i * recSize);
                String bad = switch (kind) {
                    case 0 -> Integer.toUnsignedLong(b.getInt(r + 4)) > types ? "func_info refers to a type past " + types : null;
                    case 1 -> Integer.toUnsignedLong(b.getInt(r + 4)) >= strLen || Integer.toUnsignedLong(b.getInt(r + 8)) >= strLen
                            ? "line_info refers to a string past the string section" : null;
                    default -> Integer.toUnsignedLong(b.getInt(r + 4)) > types || Integer.toUnsignedLong(b.getInt(r + 8)) >= strLen
                            ? "a CO-RE relocation refers to a type or string out of range" : null;
                };
                if (bad != null) {
                    return bad;
                }
                if ((b.getInt(r) & 7) != 0) {
                    return "an instruction offset is not a multiple of 8";
                }
            }
            p += 8 + (int) (num * recSize);
        }
        return null;
    }
}
