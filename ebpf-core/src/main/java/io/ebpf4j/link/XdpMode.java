package io.ebpf4j.link;

/** Where an XDP program runs (XDP_FLAGS_* in linux/if_link.h). */
public enum XdpMode {
    /** Native if the driver supports it, generic otherwise. */
    DEFAULT(0),
    /** Generic (skb) mode: works on every interface, after the skb is built. */
    GENERIC(1 << 1),
    /** Native (driver) mode: in the driver, before the skb. */
    NATIVE(1 << 2),
    /** Offloaded to the NIC. */
    OFFLOAD(1 << 3);

    static final int UPDATE_IF_NOEXIST = 1;

    private final int flags;

    XdpMode(int flags) {
        this.flags = flags;
    }

    /** The XDP_FLAGS_* bits for this mode. */
    public int flags() {
        return flags;
    }
}
