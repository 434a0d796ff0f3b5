package io.ebpf4j.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.testkit.RequiresKernel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@RequiresKernel(KernelFeature.CAP_SYS_ADMIN)
class NetNsTest {

    @Test
    void runsInTheNamespaceAndOnlyThere() throws Exception {
        String ns = "e4jns-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
        exec("ip", "netns", "add", ns);
        try {
            String inside = NetNs.run(ns, () -> Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString());
            String here = Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
            String expected = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
            assertEquals(expected, here, "the calling thread stays where it was");
            assertNotEquals(here, inside);
            // interfaces are the namespace's: a fresh one has lo (and at most kernel fallback tunnels), not ours
            java.util.Set<String> names = NetNs.run(ns, NetNsTest::interfaceNames);
            assertTrue(names.contains("lo"), names.toString());
            assertNotEquals(interfaceNames(), names);
            IllegalStateException boom = new IllegalStateException("boom");
            assertSame(boom, assertThrows(IllegalStateException.class, () -> NetNs.run(ns, () -> {
                throw boom;
            })));
            IllegalStateException wrapped = assertThrows(IllegalStateException.class, () -> NetNs.run(ns, () -> {
                throw new IOException("checked");
            }));
            assertTrue(wrapped.getCause() instanceof IOException);
        } finally {
            exec("ip", "netns", "del", ns);
        }
    }

    @Test
    void inodesMatchWhatTheLinksNameAndTellNamespacesApart() throws Exception {
        String ns = "e4jns-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
        exec("ip", "netns", "add", ns);
        try {
            long inode = NetNs.inode(ns);
            // the symbolic link of a thread in the namespace reads "net:[INODE]"
            String inside = NetNs.run(ns, () -> Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString());
            assertEquals("net:[" + inode + "]", inside);
            assertEquals(inode, NetNs.run(ns, () -> NetNs.inodeOf(Path.of("/proc/thread-self/ns/net"))));
            assertEquals("net:[" + NetNs.currentInode() + "]",
                    Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString());
            assertNotEquals(NetNs.currentInode(), inode);
        } finally {
            exec("ip", "netns", "del", ns);
        }
        assertThrows(IllegalArgumentException.class, () -> NetNs.inode(ns), "gone");
        assertThrows(IllegalArgumentException.class, () -> NetNs.inode("a/b"));
    }

    @Test
    void refusesBadNamesAndMissingNamespaces() {
        for (String bad : new String[] {"", "a/b", "..", "."}) {
            assertThrows(IllegalArgumentException.class, () -> NetNs.run(bad, () -> 1), bad);
        }
        BpfException e = assertThrows(BpfException.class, () -> NetNs.run("e4j-no-such-ns-xyz", () -> 1));
        assertTrue(e.getMessage().contains("e4j-no-such-ns-xyz"), e.getMessage());
    }

    /** This thread's interfaces (/proc/net would show the process's main thread's namespace). */
    private static java.util.Set<String> interfaceNames() throws IOException {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (String line : Files.readAllLines(Path.of("/proc/thread-self/net/dev"))) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                names.add(line.substring(0, colon).strip());
            }
        }
        return names;
    }

    private static void exec(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }
}
