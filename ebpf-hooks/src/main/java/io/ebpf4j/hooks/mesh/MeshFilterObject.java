package io.ebpf4j.hooks.mesh;

import io.ebpf4j.prebuilt.Prebuilt;
import java.util.List;

/**
 * Names in the bundled {@code mesh_filter.bpf.o} and {@code mesh_fault.bpf.o} (sources:
 * {@code ebpf-native/src/bpf/mesh_filter.bpf.c}, {@code mesh_fault.bpf.c}, whose header comments
 * give every layout). docs/hooks/MESH_FILTER.md describes them.
 */
public final class MeshFilterObject {
    /** The filter object. */
    public static final String OBJECT = "mesh_filter.bpf.o";
    /** The XDP program. */
    public static final String PROGRAM = "mesh_filter";
    public static final String IPV4_IDENTITIES = "ipv4_identities";
    public static final String IPV6_IDENTITIES = "ipv6_identities";
    public static final String IDENTITY_POLICY = "identity_policy";
    public static final String PORT_POLICY = "port_policy";
    public static final String PEER_COUNTERS = "peer_counters";
    public static final String PROBE_STATS = "probe_stats";
    public static final String GLOBAL_COUNTERS = "global_counters";
    /** Per identity: what the datapath guards counted (rate limit, MAC, replay, binding). */
    public static final String GUARD_COUNTERS = "guard_counters";
    /** One entry: probe authentication on/off and the answer budget. */
    public static final String CONFIG = "mesh_config";
    /** Per identity (0: mesh-wide): the probe MAC keys. */
    public static final String PROBE_KEYS = "probe_keys";
    /** Per identity: the replay window of its probe replies. */
    public static final String PROBE_WINDOW = "probe_window";
    /** Per identity: the token bucket of the probe requests it may have answered. */
    public static final String PROBE_BUCKETS = "probe_buckets";
    /** Per identity: its binding to an interface and a neighbour MAC. */
    public static final String IDENTITY_BINDING = "peer_binding";
    /** Knob: {@code const volatile u32}, {@link Action#code()} for unknown sources. */
    public static final String DEFAULT_ACTION = "default_action";
    /** Knob: {@code const volatile u16}, the probe UDP port (0 disables probes). */
    public static final String PROBE_PORT = "probe_port";
    /** Knob: {@code const volatile u32}, this node's probe tag (0 accepts every reply). */
    public static final String NODE_IDENTITY = "node_identity";

    /** The loss-injection object (tc). */
    public static final String FAULT_OBJECT = "mesh_fault.bpf.o";
    /** Its tc program. */
    public static final String FAULT_PROGRAM = "mesh_probe_loss";
    /** Its counters map. */
    public static final String FAULT_COUNTERS = "fault_counters";
    /** Its knob: share of probe packets dropped, per million. */
    public static final String FAULT_DROP_PER_MILLION = "drop_per_million";

    /**
     * The default identity capacity ({@link MeshFilter.Builder#identityCapacity(int)}): entries of each
     * map in {@link #IDENTITY_MAPS}; identities are 1 .. capacity - 1.
     */
    public static final int DEFAULT_IDENTITY_CAPACITY = 4096;
    /** The smallest identity capacity: identity 0 (unknown sources) and one identity. */
    public static final int MIN_IDENTITY_CAPACITY = 2;
    /** The largest identity capacity. */
    public static final int MAX_IDENTITY_CAPACITY = 65536;
    /**
     * The default identity capacity.
     *
     * @deprecated the capacity is set per filter ({@link MeshFilter.Builder#identityCapacity(int)},
     *             read back with {@link MeshFilter#identityCapacity()}); use {@link #DEFAULT_IDENTITY_CAPACITY}
     */
    @Deprecated
    public static final int MAX_IDENTITIES = DEFAULT_IDENTITY_CAPACITY;
    /**
     * The maps indexed by identity number, each sized by the filter's identity capacity. The per-CPU
     * ones ({@link #PEER_COUNTERS}, {@link #PROBE_STATS}, {@link #GUARD_COUNTERS}) hold one value per
     * identity and possible CPU: their kernel memory is capacity x CPUs x value size (docs/PERFORMANCE.md).
     */
    public static final List<String> IDENTITY_MAPS = List.of(IDENTITY_POLICY, PEER_COUNTERS, PROBE_STATS,
            GUARD_COUNTERS, PROBE_KEYS, PROBE_WINDOW, PROBE_BUCKETS, IDENTITY_BINDING);

    private MeshFilterObject() {}

    /** The verified bytes of {@code mesh_filter.bpf.o}. */
    public static byte[] bytes() {
        return Prebuilt.bundled().bytes(OBJECT);
    }

    /** The verified bytes of {@code mesh_fault.bpf.o}. */
    public static byte[] faultBytes() {
        return Prebuilt.bundled().bytes(FAULT_OBJECT);
    }
}
