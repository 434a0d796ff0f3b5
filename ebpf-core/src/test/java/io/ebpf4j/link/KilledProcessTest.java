package io.ebpf4j.link;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.testkit.Commands;
import io.ebpf4j.testkit.netns.VethPair;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A JVM killed with SIGKILL leaves no XDP program attached: bpf_link dies with the process. */
@RequiresKernel(value = {KernelFeature.BPF_LINK, KernelFeature.CAP_NET_ADMIN}, programTypes = ProgramType.XDP)
class KilledProcessTest {

    @Test
    void sigkillOfTheAttachingJvmDetachesItsXdpProgram() throws Exception {
        try (VethPair veth = VethPair.create()) {
            String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            Process child = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"), AttachAndWait.class.getName(), veth.hostIf()))
                    .redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()));
                String line;
                StringBuilder seen = new StringBuilder();
                while ((line = out.readLine()) != null && !line.startsWith("ATTACHED")) {
                    seen.append(line).append('\n');
                }
                assertTrue(line != null, "the child attached: " + seen);
                assertTrue(veth.hostLinkDetails().contains("prog/xdp"), "attached while the child lives");
                child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close()
                assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child died");
                // The kernel drops the link when the dead process's fds are released.
                String details = veth.hostLinkDetails();
                for (int i = 0; i < 50 && details.contains("prog/xdp"); i++) {
                    Thread.sleep(100);
                    details = veth.hostLinkDetails();
                }
                assertFalse(details.contains("prog/xdp"), "nothing left attached after SIGKILL: " + details);
            } finally {
                child.destroyForcibly();
            }
        }
    }
}
