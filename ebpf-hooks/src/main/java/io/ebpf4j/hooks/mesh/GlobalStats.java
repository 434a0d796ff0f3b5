package io.ebpf4j.hooks.mesh;

/**
 * Whole-filter counters, summed over CPUs. {@code frames = unparsed + malformed + (packets of every
 * identity, including the unknown source)}.
 *
 * @param frames         frames seen
 * @param bytes          their bytes
 * @param unparsed       frames that are not IP (ARP, LLDP, other batman-adv packets, 3+ VLAN tags): XDP_PASS
 * @param malformed      frames truncated or insane before the IP source address: XDP_PASS
 * @param vlan           frames with at least one VLAN tag
 * @param batman         batman-adv unicast frames
 * @param ipv4           frames with a sane IPv4 header
 * @param ipv6           frames with a sane IPv6 header
 * @param unknownSource  frames whose source matched no identity
 * @param defaultDenied  frames the default action denied (unknown source or identity without policy)
 * @param probeForeign   probe replies meant for another node (passed)
 * @param probeMalformed datagrams with the probe magic but a wrong length or kind (passed)
 */
public record GlobalStats(long frames, long bytes, long unparsed, long malformed, long vlan, long batman, long ipv4,
        long ipv6, long unknownSource, long defaultDenied, long probeForeign, long probeMalformed) {

    static GlobalStats sum(Iterable<Layouts.GlobalCounters> perCpu) {
        long[] s = new long[12];
        for (Layouts.GlobalCounters g : perCpu) {
            long[] v = {g.frames(), g.bytes(), g.unparsed(), g.malformed(), g.vlan(), g.batman(), g.ipv4(), g.ipv6(),
                g.unknownSource(), g.defaultDenied(), g.probeForeign(), g.probeMalformed()};
            for (int i = 0; i < s.length; i++) {
                s[i] += v[i];
            }
        }
        return new GlobalStats(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11]);
    }
}
