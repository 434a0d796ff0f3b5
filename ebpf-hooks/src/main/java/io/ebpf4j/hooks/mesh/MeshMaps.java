package io.ebpf4j.hooks.mesh;

import io.ebpf4j.BpfObject;
import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.hooks.mesh.Layouts.Binding;
import io.ebpf4j.hooks.mesh.Layouts.Config;
import io.ebpf4j.hooks.mesh.Layouts.GlobalCounters;
import io.ebpf4j.hooks.mesh.Layouts.GuardCountersValue;
import io.ebpf4j.hooks.mesh.Layouts.ProbeKeysValue;
import io.ebpf4j.hooks.mesh.Layouts.PeerCounters;
import io.ebpf4j.hooks.mesh.Layouts.Policy;
import io.ebpf4j.hooks.mesh.Layouts.PortKey;
import io.ebpf4j.hooks.mesh.Layouts.ProbeStatsValue;
import io.ebpf4j.map.BpfMap;
import io.ebpf4j.map.Codecs;
import io.ebpf4j.map.LpmTrie;
import io.ebpf4j.map.PerCpuMap;
import io.ebpf4j.map.RecordCodec;

/**
 * Typed views of the mesh filter's maps, layouts checked against the object's BTF when opened; for a
 * pinned filter also the identity names ({@link MeshPins#IDENTITY_NAMES}), null otherwise.
 */
final class MeshMaps {
    /** sizeof(struct mesh_probe_window), sizeof(struct mesh_bucket): state written only as zeros from here. */
    static final int WINDOW_SIZE = 272;
    static final int BUCKET_SIZE = 24;

    final LpmTrie<Integer> ipv4;
    final LpmTrie<Integer> ipv6;
    final BpfMap<Integer, Policy> policy;
    final BpfMap<PortKey, Integer> portPolicy;
    final PerCpuMap<Integer, PeerCounters> peerCounters;
    final PerCpuMap<Integer, ProbeStatsValue> probeStats;
    final PerCpuMap<Integer, GlobalCounters> global;
    final BpfMap<Integer, SpiffeId> names;
    final PerCpuMap<Integer, GuardCountersValue> guards;
    final BpfMap<Integer, Config> config;
    final BpfMap<Integer, ProbeKeysValue> keys;
    final BpfMap<Integer, Binding> bindings;
    final BpfMap<Integer, byte[]> windows;
    final BpfMap<Integer, byte[]> buckets;
    /** Entries of the identity-indexed maps: identities are 1 .. capacity - 1. */
    final int capacity;

    MeshMaps(BpfObject object, BpfMap<Integer, SpiffeId> names) {
        this.names = names;
        ipv4 = LpmTrie.of(object.map(MeshFilterObject.IPV4_IDENTITIES), Codecs.INT);
        ipv6 = LpmTrie.of(object.map(MeshFilterObject.IPV6_IDENTITIES), Codecs.INT);
        policy = object.map(MeshFilterObject.IDENTITY_POLICY, Codecs.INT, Codecs.record(Policy.class));
        portPolicy = object.map(MeshFilterObject.PORT_POLICY, Codecs.record(PortKey.class), Codecs.INT);
        peerCounters = perCpu(object, MeshFilterObject.PEER_COUNTERS, Codecs.record(PeerCounters.class));
        probeStats = perCpu(object, MeshFilterObject.PROBE_STATS, Codecs.record(ProbeStatsValue.class));
        global = perCpu(object, MeshFilterObject.GLOBAL_COUNTERS, Codecs.record(GlobalCounters.class));
        guards = perCpu(object, MeshFilterObject.GUARD_COUNTERS, Codecs.record(GuardCountersValue.class));
        config = object.map(MeshFilterObject.CONFIG, Codecs.INT, Codecs.record(Config.class));
        keys = object.map(MeshFilterObject.PROBE_KEYS, Codecs.INT, Codecs.record(ProbeKeysValue.class));
        bindings = object.map(MeshFilterObject.IDENTITY_BINDING, Codecs.INT, Codecs.record(Binding.class));
        windows = object.map(MeshFilterObject.PROBE_WINDOW, Codecs.INT, Codecs.bytes(WINDOW_SIZE));
        buckets = object.map(MeshFilterObject.PROBE_BUCKETS, Codecs.INT, Codecs.bytes(BUCKET_SIZE));
        capacity = object.map(MeshFilterObject.IDENTITY_POLICY).info().maxEntries();
    }

    private static <V extends Record> PerCpuMap<Integer, V> perCpu(BpfObject object, String name, RecordCodec<V> codec) {
        Layouts.checkValue(object, name, codec);
        return PerCpuMap.perCpu(object.map(name), Codecs.INT, codec);
    }
}
