package io.ebpf4j.hooks.metrics;

import io.ebpf4j.hooks.procfs.InterfaceCounters;
import io.ebpf4j.hooks.procfs.NetDev;
import io.ebpf4j.hooks.procfs.SnmpCounters;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.ToLongFunction;

/**
 * The kernel's own counters without eBPF, read from {@code /proc/net/dev}, {@code /proc/net/snmp}
 * and {@code /proc/net/netstat} at each scrape: {@code ebpf4j_interface_*_total{interface}} and
 * {@code ebpf4j_tcp_*_total}. Counters this kernel lacks are left out.
 */
public final class ProcNetCollector implements MultiCollector {
    /** A TCP counter: metric name (without {@code _total}), its /proc group and field, help. */
    record TcpMetric(String name, String group, String field, String help) {}

    /** The TCP counters exported. */
    static final List<TcpMetric> TCP = List.of(
            new TcpMetric("ebpf4j_tcp_retransmitted_segments", "Tcp", "RetransSegs", "TCP segments retransmitted (Tcp RetransSegs)."),
            new TcpMetric("ebpf4j_tcp_resets_sent", "Tcp", "OutRsts", "TCP segments sent with RST (Tcp OutRsts)."),
            new TcpMetric("ebpf4j_tcp_established_resets", "Tcp", "EstabResets",
                    "TCP connections reset from ESTABLISHED or CLOSE_WAIT (Tcp EstabResets)."),
            new TcpMetric("ebpf4j_tcp_in_errors", "Tcp", "InErrs", "TCP segments received in error (Tcp InErrs)."),
            new TcpMetric("ebpf4j_tcp_lost_retransmits", "TcpExt", "TCPLostRetransmit",
                    "Retransmits that were lost again (TcpExt TCPLostRetransmit)."),
            new TcpMetric("ebpf4j_tcp_timeouts", "TcpExt", "TCPTimeouts", "TCP retransmission timeouts (TcpExt TCPTimeouts)."),
            new TcpMetric("ebpf4j_tcp_fast_retransmits", "TcpExt", "TCPFastRetrans", "TCP fast retransmits (TcpExt TCPFastRetrans)."),
            new TcpMetric("ebpf4j_tcp_aborts_on_timeout", "TcpExt", "TCPAbortOnTimeout",
                    "TCP connections aborted after too many retransmits (TcpExt TCPAbortOnTimeout)."));

    private final Path netDev;
    private final Path[] snmpFiles;
    private final Labels constLabels;

    /** A collector of this process's network namespace's files in /proc/net. */
    public ProcNetCollector() {
        this(Labels.EMPTY, NetDev.PATH, SnmpCounters.SNMP, SnmpCounters.NETSTAT);
    }

    /** A collector of the given files (a /proc/net/dev and any snmp/netstat files). */
    public ProcNetCollector(Path netDev, Path... snmpFiles) {
        this(Labels.EMPTY, netDev, snmpFiles);
    }

    /** A collector of the given files whose every series also carries {@code constLabels}. */
    public ProcNetCollector(Labels constLabels, Path netDev, Path... snmpFiles) {
        this.constLabels = ConstLabels.check(constLabels);
        this.netDev = Objects.requireNonNull(netDev, "netDev");
        this.snmpFiles = snmpFiles.clone();
    }

    @Override
    public MetricSnapshots collect() {
        List<MetricSnapshot> out = new ArrayList<>();
        var ifaces = NetDev.read(netDev).values();
        iface(out, ifaces, "receive_packets", "Packets received by an interface (/proc/net/dev).", InterfaceCounters::rxPackets);
        iface(out, ifaces, "receive_bytes", "Bytes received by an interface (/proc/net/dev).", InterfaceCounters::rxBytes);
        iface(out, ifaces, "receive_drops", "Received packets dropped (/proc/net/dev).", InterfaceCounters::rxDrops);
        iface(out, ifaces, "receive_errors", "Receive errors (/proc/net/dev).", InterfaceCounters::rxErrors);
        iface(out, ifaces, "transmit_packets", "Packets sent by an interface (/proc/net/dev).", InterfaceCounters::txPackets);
        iface(out, ifaces, "transmit_bytes", "Bytes sent by an interface (/proc/net/dev).", InterfaceCounters::txBytes);
        iface(out, ifaces, "transmit_drops", "Packets dropped on transmit (/proc/net/dev).", InterfaceCounters::txDrops);
        iface(out, ifaces, "transmit_errors", "Transmit errors (/proc/net/dev).", InterfaceCounters::txErrors);
        SnmpCounters snmp = SnmpCounters.read(snmpFiles);
        for (TcpMetric m : TCP) {
            OptionalLong v = snmp.get(m.group(), m.field());
            if (v.isPresent()) {
                new Families.Counter(m.name(), m.help(), constLabels).add(v.getAsLong()).into(out);
            }
        }
        return new MetricSnapshots(out);
    }

    private void iface(List<MetricSnapshot> out, Iterable<InterfaceCounters> all, String what, String help,
            ToLongFunction<InterfaceCounters> value) {
        var c = new Families.Counter("ebpf4j_interface_" + what, help, constLabels);
        for (InterfaceCounters i : all) {
            c.add(value.applyAsLong(i), "interface", i.name());
        }
        c.into(out);
    }
}
