package io.ebpf4j.hooks.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.hooks.procfs.InterfaceCounters;
import io.ebpf4j.hooks.procfs.NetDev;
import io.ebpf4j.hooks.procfs.SnmpCounters;
import io.ebpf4j.testkit.Exposition;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** eBPF switched off by configuration: /proc counters served, every hook reported degraded with the reason. */
class DegradedModeTest {
    @Test
    void switchedOffByConfigurationServesProcCountersAndSaysWhy() throws Exception {
        try (MeshTelemetry t = MeshTelemetry.builder().ebpf(false).build();
                MetricsServer server = MetricsServer.start(t.registry(), 0)) {
            assertEquals(TelemetryState.Mode.DEGRADED, t.state().mode());
            assertTrue(t.state().reason().contains("disabled by configuration"), t.state().toString());
            assertTrue(t.syscallLatency().isEmpty() && t.netEvents().isEmpty() && t.mesh().isEmpty());

            Map<String, InterfaceCounters> devBefore = NetDev.read();
            SnmpCounters snmpBefore = SnmpCounters.read();
            Exposition e = Exposition.scrape(server.uri());
            Map<String, InterfaceCounters> devAfter = NetDev.read();
            SnmpCounters snmpAfter = SnmpCounters.read();

            for (String hook : new String[] {"syscall_latency", "net_events"}) {
                var info = e.find("ebpf4j_hook_info", "hook", hook);
                assertEquals(1, info.size(), e.text());
                assertEquals(1.0, info.get(0).value());
                assertEquals("true", info.get(0).labels().get("degraded"));
                assertEquals("none", info.get(0).labels().get("attach_path"));
                assertTrue(info.get(0).labels().get("reason").contains("disabled by configuration"), info.toString());
            }
            assertTrue(e.find("ebpf4j_syscall_latency_seconds_count").isEmpty(), "no eBPF series in degraded mode");

            for (String iface : devBefore.keySet()) {
                double rx = e.value("ebpf4j_interface_receive_packets_total", "interface", iface);
                assertTrue(devBefore.get(iface).rxPackets() <= rx && rx <= devAfter.get(iface).rxPackets(), iface);
                double tx = e.value("ebpf4j_interface_transmit_bytes_total", "interface", iface);
                assertTrue(devBefore.get(iface).txBytes() <= tx && tx <= devAfter.get(iface).txBytes(), iface);
                double drops = e.value("ebpf4j_interface_receive_drops_total", "interface", iface);
                assertTrue(devBefore.get(iface).rxDrops() <= drops && drops <= devAfter.get(iface).rxDrops(), iface);
            }
            for (ProcNetCollector.TcpMetric m : ProcNetCollector.TCP) {
                long lo = snmpBefore.get(m.group(), m.field()).orElseThrow();
                long hi = snmpAfter.get(m.group(), m.field()).orElseThrow();
                double v = e.value(m.name() + "_total");
                assertTrue(lo <= v && v <= hi, m + ": " + lo + " <= " + v + " <= " + hi);
            }
        }
    }

    @Test
    void theSystemPropertySwitchesEbpfOffToo() {
        String old = System.getProperty(MeshTelemetry.DISABLE_PROPERTY);
        System.setProperty(MeshTelemetry.DISABLE_PROPERTY, "off");
        try (MeshTelemetry t = MeshTelemetry.builder().build()) {
            assertEquals(TelemetryState.Mode.DEGRADED, t.state().mode());
            assertTrue(t.state().degraded());
            assertFalse(t.state().hooks().isEmpty());
            t.state().hooks().forEach(h -> assertFalse(h.running(), h.toString()));
        } finally {
            if (old == null) {
                System.clearProperty(MeshTelemetry.DISABLE_PROPERTY);
            } else {
                System.setProperty(MeshTelemetry.DISABLE_PROPERTY, old);
            }
        }
    }
}
