package io.ebpf4j.map;

/** Record shapes shared by the codec properties and the C layout test (mirrored in {@code CLayoutTest}). */
final class LayoutRecords {
    private LayoutRecords() {}

    record Mixed(byte a, long b, short c, int d, byte e) {}

    record Nested(int x, Mixed m, byte y) {}

    record WithBytes(short s, @FixedSize(6) byte[] name, int i, boolean flag, double d) {}

    record Floats(float f, char c, double d) {}

    record Small(byte a, byte b) {}

    record Tail(long l, byte b) {}

    record Deep(short s, Nested n, Small t, int i) {}
}
