package io.ebpf4j.hooks.mesh;

import io.ebpf4j.map.Cidr;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;

/**
 * A reference classifier written from the contract in mesh_filter.bpf.c's header comment: what the
 * XDP program must decide for a frame, given the identities and policies. Tests compare the kernel
 * with it.
 */
final class Model {
    static final int XDP_DROP = 1;
    static final int XDP_PASS = 2;
    static final int XDP_TX = 3;

    enum Kind { UNPARSED, MALFORMED_L2, MALFORMED_L4, PASSED, DENIED, PROBE_ANSWERED, PROBE_REPLY, PROBE_FOREIGN,
        PROBE_MALFORMED, PROBE_REPLAYED, PROBE_STALE }

    /** The replay window of one identity's replies: highest accepted seq + 1, and seq + 1 per slot. */
    static final class Window {
        long top;
        final long[] seen = new long[64];
    }

    record Verdict(int action, Kind kind, int identity) {}

    final Map<Cidr, Integer> prefixes = new HashMap<>();
    final Map<Integer, Action> policies = new HashMap<>();
    final Map<String, Action> portRules = new HashMap<>(); // "id/proto/port"
    Action defaultAction = Action.ALLOW;
    int probePort;
    int nodeTag;
    final Map<Integer, Window> windows = new HashMap<>();

    Verdict classify(byte[] f) {
        int len = f.length;
        if (len < 14) {
            return new Verdict(XDP_PASS, Kind.MALFORMED_L2, -1);
        }
        int proto = u16(f, 12);
        int pos = 14;
        int[] cur = skipVlans(f, pos, proto);
        if (cur == null) {
            return new Verdict(XDP_PASS, Kind.MALFORMED_L2, -1);
        }
        pos = cur[0];
        proto = cur[1];
        if (proto == 0x4305) {
            if (pos + 10 > len) {
                return new Verdict(XDP_PASS, Kind.MALFORMED_L2, -1);
            }
            int type = f[pos] & 0xff;
            if ((f[pos + 1] & 0xff) != 15 || (type != 0x40 && type != 0x41)) {
                return new Verdict(XDP_PASS, Kind.UNPARSED, -1);
            }
            int inner = pos + (type == 0x40 ? 10 : 18);
            if (inner + 14 > len) {
                return new Verdict(XDP_PASS, Kind.MALFORMED_L2, -1);
            }
            cur = skipVlans(f, inner + 14, u16(f, inner + 12));
            if (cur == null) {
                return new Verdict(XDP_PASS, Kind.MALFORMED_L2, -1);
            }
            pos = cur[0];
            proto = cur[1];
        }
        byte[] src;
        int protocol;
        int l4;
        if (proto == 0x0800) {
            if (pos + 20 > len) {
                return new Verdict(XDP_PASS, Kind.MALFORMED_L2, -1);
            }
            int ihl = (f[pos] & 0x0f) * 4;
            if ((f[pos] & 0xff) >> 4 != 4 || ihl < 20 || u16(f, pos + 2) < ihl || pos + ihl > len) {
                return new Verdict(XDP_PASS, Kind.MALFORMED_L2, -1);
            }
            src = java.util.Arrays.copyOfRange(f, pos + 12, pos + 16);
            protocol = f[pos + 9] & 0xff;
            l4 = (u16(f, pos + 6) & 0x1fff) != 0 ? -1 : pos + ihl;
        } else if (proto == 0x86dd) {
            if (pos + 40 > len) {
                return new Verdict(XDP_PASS, Kind.MALFORMED_L2, -1);
            }
            if ((f[pos] & 0xff) >> 4 != 6) {
                return new Verdict(XDP_PASS, Kind.MALFORMED_L2, -1);
            }
            src = java.util.Arrays.copyOfRange(f, pos + 8, pos + 24);
            protocol = f[pos + 6] & 0xff;
            l4 = pos + 40;
        } else {
            return new Verdict(XDP_PASS, Kind.UNPARSED, -1);
        }
        int identity = identityOf(src);
        int sport = 0;
        int dport = 0;
        boolean hasL4 = l4 >= 0;
        if (l4 >= 0) {
            switch (protocol) {
                case 6 -> {
                    if (l4 + 20 > len || (f[l4 + 12] & 0xff) >> 4 < 5) {
                        return new Verdict(XDP_PASS, Kind.MALFORMED_L4, identity);
                    }
                    dport = u16(f, l4 + 2);
                }
                case 17 -> {
                    if (l4 + 8 > len || u16(f, l4 + 4) < 8) {
                        return new Verdict(XDP_PASS, Kind.MALFORMED_L4, identity);
                    }
                    sport = u16(f, l4);
                    dport = u16(f, l4 + 2);
                }
                case 1, 58 -> {
                    if (l4 + 8 > len) {
                        return new Verdict(XDP_PASS, Kind.MALFORMED_L4, identity);
                    }
                }
                default -> hasL4 = false;
            }
        }
        if (decide(identity, protocol, hasL4 ? dport : 0) == Action.DENY) {
            return new Verdict(XDP_DROP, Kind.DENIED, identity);
        }
        if (probePort != 0 && hasL4 && protocol == 17 && (dport == probePort || sport == probePort)) {
            int p = l4 + 8;
            if (p + ProbePayload.SIZE <= len && u32(f, p) == ProbePayload.MAGIC) {
                int kind = f[p + 4] & 0xff;
                if (u16(f, l4 + 4) != 8 + ProbePayload.SIZE || (kind != 1 && kind != 2)) {
                    return new Verdict(XDP_PASS, Kind.PROBE_MALFORMED, identity);
                }
                if (kind == 1) {
                    return new Verdict(XDP_TX, Kind.PROBE_ANSWERED, identity);
                }
                if (nodeTag != 0 && u32(f, p + 12) != nodeTag) {
                    return new Verdict(XDP_PASS, Kind.PROBE_FOREIGN, identity);
                }
                return new Verdict(XDP_DROP, window(identity, u32(f, p + 8) & 0xffffffffL), identity);
            }
        }
        return new Verdict(XDP_PASS, Kind.PASSED, identity);
    }

    /** Each reply seq of an identity is accepted once, none 64 or more behind the newest accepted. */
    private Kind window(int identity, long seq) {
        Window w = windows.computeIfAbsent(identity, k -> new Window());
        int slot = (int) (seq & 63);
        long mark = (seq + 1) & 0xffffffffL;
        if (seq + 64 < w.top) {
            return Kind.PROBE_STALE;
        }
        if (w.seen[slot] == mark) {
            return Kind.PROBE_REPLAYED;
        }
        w.seen[slot] = mark;
        w.top = Math.max(w.top, seq + 1);
        return Kind.PROBE_REPLY;
    }

    private Action decide(int identity, int protocol, int port) {
        Action a = null;
        if (identity != 0) {
            if (portRules.keySet().stream().anyMatch(k -> k.startsWith(identity + "/"))) {
                if (port != 0) {
                    a = portRules.get(identity + "/" + protocol + "/" + port);
                }
                if (a == null) {
                    a = portRules.get(identity + "/" + protocol + "/0");
                }
            }
            if (a == null) {
                a = policies.get(identity);
            }
        }
        return a == null ? defaultAction : a;
    }

    private int identityOf(byte[] src) {
        Cidr full;
        try {
            full = Cidr.of(InetAddress.getByAddress(src));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        Cidr best = null;
        for (Cidr c : prefixes.keySet()) {
            if (c.contains(full) && (best == null || c.prefixLength() > best.prefixLength())) {
                best = c;
            }
        }
        return best == null ? 0 : prefixes.get(best);
    }

    private static int[] skipVlans(byte[] f, int pos, int proto) {
        for (int i = 0; i < 2; i++) {
            if (proto != 0x8100 && proto != 0x88a8) {
                break;
            }
            if (pos + 4 > f.length) {
                return null;
            }
            proto = u16(f, pos + 2);
            pos += 4;
        }
        return new int[] {pos, proto};
    }

    static int u16(byte[] f, int off) {
        return ((f[off] & 0xff) << 8) | (f[off + 1] & 0xff);
    }

    static int u32(byte[] f, int off) {
        return (u16(f, off) << 16) | u16(f, off + 2);
    }
}
