package io.ebpf4j.hooks.mesh;

/** L4 protocols a port rule can name (IANA protocol numbers). */
public enum IpProtocol {
    ICMP(1),
    TCP(6),
    UDP(17),
    ICMPV6(58);

    private final int number;

    IpProtocol(int number) {
        this.number = number;
    }

    /** The IANA protocol number (IPv4 protocol / IPv6 next header). */
    public int number() {
        return number;
    }

    /** The protocol numbered {@code number}, if a port rule can name it. */
    static java.util.Optional<IpProtocol> ofNumber(int number) {
        for (IpProtocol p : values()) {
            if (p.number == number) {
                return java.util.Optional.of(p);
            }
        }
        return java.util.Optional.empty();
    }

    /** Whether rules for it can name a destination port. */
    public boolean hasPorts() {
        return this == TCP || this == UDP;
    }
}
