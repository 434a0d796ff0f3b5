package io.ebpf4j.hooks.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ebpf4j.features.KernelCapabilities;
import io.ebpf4j.testkit.DroppedPrivileges;
import io.ebpf4j.testkit.Exposition;
import io.ebpf4j.testkit.PrometheusServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A child JVM as user nobody without capabilities: telemetry starts anyway, degraded, and serves
 * the /proc counters with {@code ebpf4j_hook_info{degraded="true",reason=...}} naming the missing privilege.
 */
class UnprivilegedTelemetryTest {
    @Test
    void withoutPrivilegesTelemetryServesDegradedWithTheReason() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv");
        assumeTrue(KernelCapabilities.cached().privileges().uid() == 0, "needs root to drop privileges");
        Path dir = Files.createTempDirectory("ebpf4j-cp-");
        Process p = null;
        try {
            String cp = DroppedPrivileges.worldReadableClassPath(dir);
            String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            p = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all",
                    "--bounding-set=-all", java, "--enable-native-access=ALL-UNNAMED", "-XX:-UsePerfData", "-cp", cp,
                    TelemetryMain.class.getName()).directory(new File("/tmp")).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            Integer port = null;
            for (String line; port == null && (line = out.readLine()) != null; ) {
                seen.append(line).append('\n');
                if (line.startsWith("PORT ")) {
                    port = Integer.parseInt(line.substring(5).strip());
                }
            }
            assertNotNull(port, "child did not serve:\n" + seen);
            assertTrue(seen.toString().contains("mode=DEGRADED"), seen.toString());

            Exposition e = Exposition.scrape(URI.create("http://127.0.0.1:" + port + "/metrics"));
            List<Exposition.Sample> info = e.find("ebpf4j_hook_info");
            assertFalse(info.isEmpty(), e.text());
            for (Exposition.Sample s : info) {
                assertEquals("true", s.labels().get("degraded"), s.toString());
                assertFalse(s.labels().get("reason").isBlank(), s.toString());
            }
            assertTrue(info.get(0).labels().get("reason").toLowerCase().contains("privilege"), info.toString());
            assertEquals(1, e.find("ebpf4j_interface_receive_packets_total", "interface", "lo").size(), e.text());
            assertFalse(e.find("ebpf4j_tcp_retransmitted_segments_total").isEmpty(), e.text());
        } finally {
            if (p != null) {
                p.getOutputStream().close();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(30, TimeUnit.SECONDS);
                }
            }
            PrometheusServer.deleteTree(dir);
        }
    }
}
