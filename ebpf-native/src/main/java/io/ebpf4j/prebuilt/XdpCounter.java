package io.ebpf4j.prebuilt;

/**
 * Names and layout of the bundled {@code xdp_counter.bpf.o} (source:
 * {@code ebpf-native/src/bpf/xdp_counter.bpf.c}): an XDP program that counts packets and bytes
 * per CPU and always returns {@code XDP_PASS}.
 */
public final class XdpCounter {

    /** Object file name in the bundled set. */
    public static final String OBJECT = "xdp_counter.bpf.o";

    /** The XDP program ({@code SEC("xdp")}). */
    public static final String PROGRAM = "xdp_count";

    /**
     * The statistics map: {@code BPF_MAP_TYPE_PERCPU_ARRAY}, one entry, key {@code __u32} 0,
     * value {@code struct xdp_counter_value} per CPU.
     */
    public static final String STATS_MAP = "xdp_stats";

    /**
     * {@code const volatile __u16} in {@code .rodata}, host byte order: 0 (default) counts every
     * frame, otherwise only Ethernet frames with this EtherType (e.g. {@code 0x0800}).
     */
    public static final String ONLY_ETHERTYPE_VARIABLE = "only_ethertype";

    /** Size of {@code struct xdp_counter_value} ({@code __u64 packets; __u64 bytes;}). */
    public static final int VALUE_SIZE = 16;

    /** Offset of {@code packets} (host-endian {@code __u64}) in the value. */
    public static final int PACKETS_OFFSET = 0;

    /** Offset of {@code bytes} (host-endian {@code __u64}) in the value. */
    public static final int BYTES_OFFSET = 8;

    private XdpCounter() {
    }

    /**
     * Returns the verified object bytes.
     *
     * @return a fresh copy of {@code xdp_counter.bpf.o}
     * @throws PrebuiltIntegrityException when the jar's object does not match its manifest
     */
    public static byte[] bytes() {
        return Prebuilt.bundled().bytes(OBJECT);
    }
}
