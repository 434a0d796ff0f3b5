package io.ebpf4j.heal.experiment.fault;

import io.ebpf4j.BpfObject;
import io.ebpf4j.ObjectSpec;
import io.ebpf4j.link.Link;
import io.ebpf4j.link.Tc;
import io.ebpf4j.link.TcDirection;
import io.ebpf4j.map.BpfMap;
import io.ebpf4j.map.Codecs;
import io.ebpf4j.map.FixedSize;
import io.ebpf4j.map.PerCpuMap;
import io.ebpf4j.netns.NetNs;
import io.ebpf4j.prebuilt.Prebuilt;
import java.net.Inet4Address;
import java.util.Locale;
import java.util.Objects;

/**
 * The bundled {@code fault_inject.bpf.o} tc program attached to one interface: drops a share of the
 * matching packets, share and match changeable at run time ({@link #set}) without reloading.
 * {@link #close()} detaches it and unloads the object. Layouts: see the header comment of
 * {@code ebpf-native/src/bpf/fault_inject.bpf.c}. Thread-safe.
 *
 * <pre>{@code
 * try (FaultInjectProgram p = FaultInjectProgram.attach("ns1", "veth0", TcDirection.EGRESS)) {
 *     p.set(0.3);                       // drop 30 % of every frame leaving veth0
 *     FaultInjectProgram.Counters c = p.counters();
 * }
 * }</pre>
 */
public final class FaultInjectProgram implements AutoCloseable {
    /** The object in ebpf-native's bundled set. */
    public static final String OBJECT = "fault_inject.bpf.o";
    /** Its tc program. */
    public static final String PROGRAM = "fault_inject";
    /** Its 1-entry config array. */
    public static final String CONFIG_MAP = "fault_config";
    /** Its per-CPU counters. */
    public static final String COUNTERS_MAP = "fault_counters";
    /** {@code drop_per_million} that drops everything. */
    public static final int ALL = 1_000_000;

    /** Which frames the program considers (and counts as seen). */
    public enum Match {
        /** Every frame: ARP, IPv6 and IPv4. */
        ALL(0),
        /** IPv4 packets only. */
        IPV4(1),
        /** IPv4 packets from or to one address. */
        IPV4_ADDRESS(2);

        private final int code;

        Match(int code) {
            this.code = code;
        }

        /** The {@code match_mode} value. */
        public int code() {
            return code;
        }
    }

    /** Matching packets seen and dropped since attach, summed over CPUs. */
    public record Counters(long seen, long dropped) {
        /** {@code this} minus {@code earlier}. */
        public Counters minus(Counters earlier) {
            return new Counters(seen - earlier.seen, dropped - earlier.dropped);
        }

        /** Sum of two counters. */
        public Counters plus(Counters other) {
            return new Counters(seen + other.seen, dropped + other.dropped);
        }
    }

    /** struct fault_config (12 bytes). */
    record Config(int dropPerMillion, int matchMode, @FixedSize(4) byte[] addr) {}

    /** struct fault_inject_counters (16 bytes). */
    record CounterValue(long seen, long dropped) {}

    private static final Integer KEY = 0;

    private final String where;
    private final BpfObject object;
    private final BpfMap<Integer, Config> config;
    private final PerCpuMap<Integer, CounterValue> counters;
    private Link link;

    private FaultInjectProgram(String where, BpfObject object) {
        this.where = where;
        this.object = object;
        this.config = object.map(CONFIG_MAP, Codecs.INT, Codecs.record(Config.class));
        this.counters = PerCpuMap.perCpu(object.map(COUNTERS_MAP), Codecs.INT, Codecs.record(CounterValue.class));
    }

    /**
     * Loads a fresh program, configured to drop nothing, and attaches it to {@code ifname} in
     * network namespace {@code netns} (null: the current one).
     */
    public static FaultInjectProgram attach(String netns, String ifname, TcDirection direction) {
        Objects.requireNonNull(ifname, "ifname");
        Objects.requireNonNull(direction, "direction");
        String where = (netns == null ? "" : netns + "/") + ifname + " " + direction.name().toLowerCase(Locale.ROOT);
        BpfObject object = ObjectSpec.open(Prebuilt.bundled().bytes(OBJECT), "fault_inject").load();
        try {
            FaultInjectProgram p = new FaultInjectProgram(where, object);
            p.set(0, Match.ALL, null);
            p.link = netns == null ? Tc.attach(object.program(PROGRAM), ifname, direction)
                    : NetNs.run(netns, () -> Tc.attach(object.program(PROGRAM), ifname, direction));
            return p;
        } catch (RuntimeException e) {
            object.close();
            throw e;
        }
    }

    /** Drops share {@code share} (0 to 1) of every frame. */
    public void set(double share) {
        set(perMillion(share), Match.ALL, null);
    }

    /**
     * Sets the share (per million, 0 to {@link #ALL}) and the match; {@code address} is needed for
     * {@link Match#IPV4_ADDRESS} and ignored otherwise. Takes effect for the next packet.
     */
    public synchronized void set(int dropPerMillion, Match match, Inet4Address address) {
        if (dropPerMillion < 0 || dropPerMillion > ALL) {
            throw new IllegalArgumentException("drop_per_million must be 0 to " + ALL + ", not " + dropPerMillion);
        }
        Objects.requireNonNull(match, "match");
        if (match == Match.IPV4_ADDRESS && address == null) {
            throw new IllegalArgumentException("match IPV4_ADDRESS needs an address");
        }
        byte[] addr = address == null ? new byte[4] : address.getAddress();
        config.put(KEY, new Config(dropPerMillion, match.code(), addr));
    }

    /** The share as drop_per_million (rounded; 1 is {@link #ALL}). */
    public static int perMillion(double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be 0 to 1, not " + share);
        }
        return (int) Math.round(share * ALL);
    }

    /** The configured drop_per_million. */
    public int dropPerMillion() {
        return config.get(KEY).map(Config::dropPerMillion).orElse(0);
    }

    /** Seen and dropped packets since attach. */
    public Counters counters() {
        return new Counters(counters.sum(KEY, CounterValue::seen).orElse(0L),
                counters.sum(KEY, CounterValue::dropped).orElse(0L));
    }

    /** The program's kernel id (for {@code bpftool prog show id N}). */
    public int programId() {
        return object.program(PROGRAM).info().id();
    }

    /** Detaches and unloads; idempotent. */
    @Override
    public synchronized void close() {
        try {
            if (link != null) {
                link.close();
                link = null;
            }
        } finally {
            object.close();
        }
    }

    @Override
    public String toString() {
        return "FaultInjectProgram[" + where + "]";
    }
}
