package io.ebpf4j.agent.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.agent.AgentPlan;
import io.ebpf4j.agent.config.AgentConfig;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.hooks.mesh.MeshFilter;
import io.ebpf4j.hooks.mesh.ProbeKey;
import io.ebpf4j.hooks.mesh.ProbeKeys;
import io.ebpf4j.hooks.mesh.ProbeStats;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.netns.NetNs;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.testkit.Waits;
import io.ebpf4j.testkit.netns.VethPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Probe keys in the agent: the key file of {@code probes.auth}, authenticated probes to a peer whose
 * filter (in the veth's namespace) holds the pair's key, and a full key rotation through three
 * reloads (accept the new key, sign with it, drop the old one) without one probe lost or refused and
 * with the counters continuing; a key file others may read is refused at reload, the keys kept.
 */
@RequiresKernel(value = {KernelFeature.XDP_ATTACH, KernelFeature.BPF_LINK, KernelFeature.CAP_NET_ADMIN,
        KernelFeature.CAP_SYS_ADMIN}, programTypes = ProgramType.XDP)
class AgentProbeKeysTest {
    static final SpiffeId A = SpiffeId.parse("spiffe://test.example/node/a");
    static final SpiffeId B = SpiffeId.parse(AgentConfigs.PEER);

    @Test
    void probesAreAuthenticatedAndKeysRotateThroughReloadsWithoutALostProbe(@TempDir Path dir) throws Exception {
        int probePort = AgentConfigs.probePort();
        ProbeKey k1 = ProbeKey.random(1);
        ProbeKey k2 = ProbeKey.random(2);
        try (VethPair veth = VethPair.create();
                MeshFilter b = MeshFilter.builder().probePort(probePort).probeAuth(null).build()) {
            // peer b: its own filter on the namespace end, knowing a with the pair's key
            b.guards().peerKeys(A, ProbeKeys.of(k1));
            b.identities().register(A, veth.hostIp() + "/32");
            NetNs.exec(veth.netns(), () -> b.attach(veth.peerIf()));

            Path keys = dir.resolve("probe.keys");
            writeKeys(keys, k1);
            String yaml = AgentConfigs.node(veth, dir, "allow", probePort).replace("  interval: 50ms\n",
                    "  interval: 20ms\n  auth:\n    keyFile: " + keys + "\n");
            Path file = Files.writeString(dir.resolve("agent.yaml"), yaml);
            AgentPlan plan = AgentPlan.of(AgentConfig.load(file));
            try (AgentRuntime rt = AgentRuntime.start(file)) {
                assertTrue(rt.filter().guards().probeAuthRequired());
                assertEquals(Optional.of(ProbeKeys.of(k1)), rt.filter().guards().peerKeys(B));
                long start = replies(rt);
                Waits.until(() -> replies(rt) >= start + 20, "authenticated replies from b");

                b.guards().peerKeys(A, ProbeKeys.of(k1, k2)); // b accepts the new key
                writeKeys(keys, k1, k2); // a accepts it too
                assertEquals(List.of("probe keys of " + B + " [1] -> [1, 2]"), rt.reload().changes());
                long step1 = replies(rt);
                Waits.until(() -> replies(rt) >= step1 + 20, "replies after step 1");

                writeKeys(keys, k2, k1); // a signs with the new key
                assertEquals(List.of("probe keys of " + B + " [1, 2] -> [2, 1]"), rt.reload().changes());
                long step2 = replies(rt);
                Waits.until(() -> replies(rt) >= step2 + 20, "replies signed with the new key");

                writeKeys(keys, k2); // the old key is gone everywhere
                b.guards().peerKeys(A, ProbeKeys.of(k2));
                assertEquals(List.of("probe keys of " + B + " [2, 1] -> [2]"), rt.reload().changes());
                long step3 = replies(rt);
                Waits.until(() -> replies(rt) >= step3 + 20, "replies after the old key is dropped");

                ProbeStats p = rt.filter().stats().peer(B).orElseThrow().probe();
                assertEquals(0, p.lost(), "no probe lost through the rotation: " + p);
                assertEquals(0, rt.filter().guards().counters(B).unauthenticated());
                assertEquals(0, b.guards().counters(A).unauthenticated(), "b refused no request");

                Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-r--r--"));
                ReloadResult bad = rt.reload();
                assertFalse(bad.applied(), bad.toString());
                assertTrue(bad.toString().contains("chmod 600 " + keys), bad.toString());
                assertEquals(Optional.of(ProbeKeys.of(k2)), rt.filter().guards().peerKeys(B), "keys kept");
                System.out.printf("agent probe keys: %d authenticated replies through a rotation in three reloads, "
                        + "lost %d, refused 0%n", p.replies(), p.lost());
            } finally {
                AgentRuntime.uninstall(plan);
            }
        }
    }

    private static long replies(AgentRuntime rt) {
        return rt.filter().stats().peer(B).orElseThrow().probe().replies();
    }

    private static void writeKeys(Path file, ProbeKey... keys) throws Exception {
        StringBuilder s = new StringBuilder("# probe keys of node a\n");
        for (ProbeKey k : keys) {
            s.append(B).append(' ').append(k.id()).append(':').append(HexFormat.of().formatHex(k.secret())).append('\n');
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".new");
        Files.writeString(tmp, s);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
