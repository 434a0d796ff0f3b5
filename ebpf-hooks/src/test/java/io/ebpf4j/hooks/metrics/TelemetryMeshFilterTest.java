package io.ebpf4j.hooks.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.hooks.mesh.Action;
import io.ebpf4j.hooks.mesh.MeshFilter;
import io.ebpf4j.kernel.MapType;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.testkit.RequiresKernel;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A telemetry that builds its own mesh filter: served while it runs and closed with the telemetry; one
 * that cannot start is reported with its reason; and a telemetry with no hook at all says so.
 */
@RequiresKernel(programTypes = ProgramType.XDP, mapTypes = {MapType.LPM_TRIE, MapType.PERCPU_ARRAY})
class TelemetryMeshFilterTest {

    private static Set<String> families(PrometheusRegistry r) {
        return r.scrape().stream().map(s -> s.getMetadata().getName()).collect(Collectors.toSet());
    }

    private static MeshTelemetry.Builder meshOnly() {
        return MeshTelemetry.builder().syscallLatency(false).netEvents(false).procNet(false);
    }

    @Test
    void aFilterBuiltByTheTelemetryIsServedThenClosedWithIt() {
        PrometheusRegistry app = new PrometheusRegistry();
        MeshTelemetry t = meshOnly().mesh(MeshFilter.builder().defaultAction(Action.ALLOW)).build();
        MeshFilter filter;
        try {
            assertEquals(TelemetryState.Mode.EBPF, t.state().mode(), t.state().toString());
            assertEquals(List.of(new HookStatus("mesh_filter", true, "xdp", "")), t.state().hooks());
            assertEquals("", t.state().reason());
            filter = t.mesh().orElseThrow();
            assertEquals(Action.ALLOW, filter.defaultAction(), "built from the builder given");
            t.registerInto(app);
            assertTrue(families(app).containsAll(Set.of("ebpf4j_mesh_packets", "ebpf4j_hook")), families(app).toString());
        } finally {
            t.close();
        }
        assertTrue(filter.object().isClosed(), "the telemetry closed the filter it built");
        assertTrue(families(app).isEmpty(), "unregistered from the application's registry: " + families(app));
        t.close(); // idempotent
        assertEquals("telemetry closed",
                assertThrows(IllegalStateException.class, () -> t.registerInto(new PrometheusRegistry())).getMessage());
    }

    @Test
    void aFilterThatCannotStartLeavesTheTelemetryDegradedWithTheReason() {
        try (MeshTelemetry t = meshOnly().mesh(MeshFilter.builder().attach("e4jnosuch0")).build()) {
            assertEquals(TelemetryState.Mode.DEGRADED, t.state().mode());
            HookStatus mesh = t.state().hooks().get(0);
            assertFalse(mesh.running());
            assertEquals("none", mesh.attachPath());
            assertTrue(mesh.reason().contains("e4jnosuch0"), mesh.reason());
            assertEquals("mesh_filter: " + mesh.reason(), t.state().reason());
            assertTrue(t.mesh().isEmpty());
        }
    }

    @Test
    void aTelemetryWithNoHookSaysNoneWasRequested() {
        try (MeshTelemetry t = MeshTelemetry.builder().syscallLatency(false).netEvents(false).build()) {
            assertEquals(TelemetryState.Mode.DEGRADED, t.state().mode());
            assertEquals("no eBPF hook requested", t.state().reason());
            assertEquals(List.of(), t.state().hooks());
            assertTrue(families(t.registry()).contains("ebpf4j_interface_receive_packets"), "/proc counters still served: " + families(t.registry()));
        }
    }
}
