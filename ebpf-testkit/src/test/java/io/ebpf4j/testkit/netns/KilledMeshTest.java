package io.ebpf4j.testkit.netns;

import io.ebpf4j.testkit.Commands;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.testkit.RequiresKernel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A JVM killed with SIGKILL while it owns a demo mesh leaves no namespace behind: the watchdog removes them. */
@RequiresKernel({KernelFeature.CAP_NET_ADMIN, KernelFeature.CAP_SYS_ADMIN})
class KilledMeshTest {
    /** The child: builds a 2-node mesh, prints its suffix, waits to be killed. */
    public static final class BuildAndWait {
        public static void main(String[] args) throws Exception {
            DemoMesh m = DemoMesh.line(2);
            System.out.println("MESH " + m.suffix());
            System.out.flush();
            Thread.sleep(120_000);
        }
    }

    @Test
    void sigkillOfTheOwningJvmRemovesTheNamespaces() throws Exception {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process child = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), BuildAndWait.class.getName())).redirectErrorStream(true).start();
        String suffix = null;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()));
            String line;
            StringBuilder seen = new StringBuilder();
            while ((line = out.readLine()) != null && !line.startsWith("MESH ")) {
                seen.append(line).append('\n');
            }
            assertTrue(line != null, "the child built its mesh: " + seen);
            suffix = line.substring(5).trim();
            assertTrue(Commands.run("ip", "netns", "list").contains(suffix), "namespaces exist while the child lives");
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close()
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child died");
            boolean gone = false;
            for (int i = 0; i < 100 && !gone; i++) {
                gone = !Commands.run("ip", "netns", "list").contains(suffix);
                if (!gone) {
                    Thread.sleep(100);
                }
            }
            assertTrue(gone, "the watchdog removed the namespaces of mesh " + suffix);
        } finally {
            child.destroyForcibly();
            if (suffix != null) {
                for (String ns : List.of("e4jd" + suffix + "-n0", "e4jd" + suffix + "-n1")) {
                    Commands.quiet("ip", "netns", "del", ns);
                }
            }
        }
        assertFalse(child.isAlive());
    }
}
