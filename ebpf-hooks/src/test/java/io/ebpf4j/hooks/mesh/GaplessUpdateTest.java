package io.ebpf4j.hooks.mesh;

import static io.ebpf4j.hooks.mesh.Frames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.kernel.MapType;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.testkit.RequiresKernel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Identities and policies rewritten while another thread runs packets through the program: with a
 * default of DENY, an allowed peer whose prefixes and rules keep changing (always covering its
 * address) is never dropped, so no update ever leaves a gap.
 */
@RequiresKernel(value = KernelFeature.PROG_TEST_RUN, programTypes = ProgramType.XDP,
        mapTypes = {MapType.LPM_TRIE, MapType.PERCPU_ARRAY, MapType.HASH, MapType.ARRAY})
class GaplessUpdateTest {
    static final SpiffeId PEER = SpiffeId.parse("spiffe://test.mesh/peer");
    static final SpiffeId OTHER = SpiffeId.parse("spiffe://test.mesh/other");

    @Test
    void runTimeChangesNeverDropAnAllowedPeer() throws Exception {
        try (MeshFilter f = MeshFilter.builder().defaultAction(Action.DENY).build()) {
            f.allow(PEER);
            f.allow(OTHER);
            f.identities().register(PEER, "10.1.0.0/16");
            byte[] dns = eth(ETH_IP, ipv4(ip("10.1.0.5"), ip("10.0.0.1"), 17, udp(40000, 53, new byte[8])));
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong runs = new AtomicLong();
            AtomicLong drops = new AtomicLong();
            Thread traffic = Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    if (f.program().testRun(dns, 1).returnValue() != Model.XDP_PASS) {
                        drops.incrementAndGet();
                    }
                    runs.incrementAndGet();
                }
            });
            try {
                for (int i = 0; i < 400; i++) {
                    switch (i % 4) {
                        case 0 -> f.identities().register(PEER, "10.1.0.0/24"); // narrower, same address
                        case 1 -> f.identities().register(PEER, "10.1.0.5/32", "fd00::/8");
                        case 2 -> f.identities().register(OTHER, "10.1.0.5/32"); // taken over by another allowed peer
                        default -> f.identities().register(PEER, "10.1.0.0/16", "10.1.0.5/32");
                    }
                    f.rule(PEER, IpProtocol.UDP, 53, Action.ALLOW); // the port-rule flag flips on ...
                    f.rule(PEER, IpProtocol.UDP, 0, Action.ALLOW);
                    f.rule(PEER, IpProtocol.UDP, 53, null); // ... and off again
                    f.rule(PEER, IpProtocol.UDP, 0, null);
                }
            } finally {
                stop.set(true);
                traffic.join();
            }
            assertTrue(runs.get() > 100, "packets ran during the updates: " + runs.get());
            assertEquals(0, drops.get(), "drops among " + runs.get() + " packets");
            assertEquals(0, f.stats().global().defaultDenied());
        }
    }
}
