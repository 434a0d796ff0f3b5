package io.ebpf4j.hooks.mesh;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.BpfObject;
import io.ebpf4j.btf.Btf;
import io.ebpf4j.btf.BtfType;
import io.ebpf4j.map.FixedSize;
import io.ebpf4j.map.RecordCodec;
import io.ebpf4j.map.StructShape;
import java.nio.ByteOrder;
import java.util.Optional;

/** The C structs of mesh_filter.bpf.c as records, and a check of a record against the map's BTF. */
final class Layouts {
    private Layouts() {}

    /** struct mesh_policy ({@code bound}: the identity has a binding entry). */
    record Policy(byte action, byte portRules, byte bound, byte reserved, int reserved2) {
        static Policy of(int action, boolean portRules, boolean bound) {
            return new Policy((byte) action, (byte) (portRules ? 1 : 0), (byte) (bound ? 1 : 0), (byte) 0, 0);
        }
    }

    /** struct mesh_port_key (port in host order). */
    record PortKey(int identity, byte protocol, byte reserved, short port) {
        static PortKey of(int identity, IpProtocol protocol, int port) {
            return new PortKey(identity, (byte) protocol.number(), (byte) 0, (short) port);
        }
    }

    /** struct mesh_peer_counters. */
    record PeerCounters(long packets, long bytes, long passed, long droppedPolicy, long malformed, long probesAnswered,
            long probeReplies, long droppedGuard) {
        static final PeerCounters ZERO = new PeerCounters(0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** struct mesh_probe_stats; hist is u64[64] in native order. */
    record ProbeStatsValue(long replies, long nextSeq, long lastRttNs, long lastAtNs, long minRttNs, long sumRttNs,
            long clockErrors, long reserved, @FixedSize(512) byte[] hist) {
        static final ProbeStatsValue ZERO = new ProbeStatsValue(0, 0, 0, 0, 0, 0, 0, 0, new byte[512]);

        long bucket(int i) {
            return java.nio.ByteBuffer.wrap(hist).order(ByteOrder.nativeOrder()).getLong(i * 8);
        }
    }

    /** struct mesh_global_counters. */
    record GlobalCounters(long frames, long bytes, long unparsed, long malformed, long vlan, long batman, long ipv4,
            long ipv6, long unknownSource, long defaultDenied, long probeForeign, long probeMalformed) {}

    /** struct mesh_guard_counters. */
    record GuardCountersValue(long rateLimited, long unauthenticated, long replayed, long stale, long wrongInterface,
            long wrongMac, long reserved, long reserved2) {
        static final GuardCountersValue ZERO = new GuardCountersValue(0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** struct mesh_config. */
    record Config(int flags, int answerRate, int answerBurst, int reserved) {
        static final int PROBE_AUTH = 1;
    }

    /** struct mesh_probe_keys: k holds k0, k1 of key 0 then of key 1, u64 each in native order. */
    record ProbeKeysValue(byte count, @FixedSize(2) byte[] id, @FixedSize(5) byte[] reserved, @FixedSize(32) byte[] k) {
        static ProbeKeysValue of(ProbeKeys keys) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(32).order(ByteOrder.nativeOrder());
            byte[] ids = new byte[2];
            for (int i = 0; i < keys.keys().size(); i++) {
                long[] w = SipHash.key(keys.keys().get(i).secret());
                b.putLong(16 * i, w[0]).putLong(16 * i + 8, w[1]);
                ids[i] = (byte) keys.keys().get(i).id();
            }
            return new ProbeKeysValue((byte) keys.keys().size(), ids, new byte[5], b.array());
        }

        /** Word {@code i} of k (0..3). */
        long word(int i) {
            return java.nio.ByteBuffer.wrap(k).order(ByteOrder.nativeOrder()).getLong(8 * i);
        }
    }

    /** struct mesh_binding. */
    record Binding(int ifindex, @FixedSize(6) byte[] mac, byte flags, byte reserved) {
        static final int MAC = 1;
        static final int DROP = 2;

        static Binding of(IdentityBinding b) {
            return new Binding(b.ifindex(), b.mac().orElse(new byte[6]),
                    (byte) ((b.mac().isPresent() ? MAC : 0) | (b.drop() ? DROP : 0)), (byte) 0);
        }
    }

    /** struct mesh_fault_counters. */
    record FaultCounters(long seen, long dropped) {}

    /**
     * Fails when {@code codec} does not lay its record out as the value type of {@code map} in the
     * object's BTF (for per-CPU maps, whose typed views do not check this themselves).
     */
    static void checkValue(BpfObject object, String map, RecordCodec<?> codec) {
        Optional<Btf> btf = object.btf();
        int id = object.mapSpec(map).btfValueTypeId();
        if (btf.isEmpty() || id <= 0) {
            return;
        }
        BtfType type = btf.get().resolve(btf.get().type(id));
        try {
            codec.checkAgainst(StructShape.of(btf.get().shape(type)));
        } catch (IllegalArgumentException e) {
            throw new BpfException("opening map '" + map + "' of " + object.name(), e.getMessage());
        }
    }
}
