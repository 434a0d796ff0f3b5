package io.ebpf4j.hooks.mesh;

import static io.ebpf4j.hooks.mesh.Frames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.BpfObject;
import io.ebpf4j.kernel.MapType;
import io.ebpf4j.ObjectSpec;
import io.ebpf4j.Program;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.prebuilt.XdpCounter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Cost of the mesh filter per packet against XDP_PASS baselines, all through BPF_PROG_TEST_RUN with
 * repeat in the same run. Prints the figures; asserts only the verdicts (no timed assertions).
 */
@RequiresKernel(value = KernelFeature.PROG_TEST_RUN, programTypes = ProgramType.XDP,
        mapTypes = {MapType.LPM_TRIE, MapType.PERCPU_ARRAY, MapType.HASH, MapType.ARRAY})
class MeshFilterCostTest {
    private static final int REPEAT = 500_000;
    private static final int ROUNDS = 7;

    @Test
    void nanosecondsPerPacketAgainstXdpPass() {
        ObjectSpec passSpec = ObjectSpec.open(XdpCounter.bytes(), "xdp_counter");
        passSpec.globals().set(XdpCounter.ONLY_ETHERTYPE_VARIABLE, 0x88b5); // never matches: bounds check + XDP_PASS
        ObjectSpec countSpec = ObjectSpec.open(XdpCounter.bytes(), "xdp_counter");
        try (MeshFixture fx = new MeshFixture(Action.ALLOW); BpfObject pass = passSpec.load(); BpfObject count = countSpec.load()) {
            for (int i = 0; i < 200; i++) { // a realistic identity table: 200 more peers with prefixes
                fx.filter.identities().register(io.ebpf4j.hooks.identity.SpiffeId.of("test.mesh", "peer", "p" + i),
                        "172.16." + i + ".0/24", "fd00:100:" + Integer.toHexString(i) + "::/48");
            }
            byte[] tcp4 = eth(ETH_IP, ipv4(ip("10.1.0.5"), ip("10.0.0.1"), 6, tcp(40000, 443)));
            Map<String, byte[]> frames = new LinkedHashMap<>();
            frames.put("ipv4 tcp allowed", tcp4);
            frames.put("ipv4 tcp denied", eth(ETH_IP, ipv4(ip("10.2.0.5"), ip("10.0.0.1"), 6, tcp(40000, 443))));
            frames.put("ipv4 udp unknown", eth(ETH_IP, ipv4(ip("10.9.9.9"), ip("10.0.0.1"), 17, udp(1, 53, new byte[32]))));
            frames.put("ipv6 tcp allowed", eth(ETH_IPV6, ipv6(ip("fd00:1::5"), ip("fd00::1"), 6, tcp(40000, 443))));
            frames.put("2 vlan + batman + ipv4", eth(MAC_B, MAC_A, new int[] {TPID_8021AD, TPID_8021Q}, ETH_BATADV,
                    batman(MAC_B, eth(ETH_IP, ipv4(ip("10.1.0.5"), ip("10.0.0.1"), 6, tcp(40000, 443))))));
            frames.put("arp (unparsed)", eth(ETH_ARP, new byte[28]));

            Program passProgram = pass.program(XdpCounter.PROGRAM);
            double passNs = median(passProgram, tcp4, Model.XDP_PASS);
            double countNs = median(count.program(XdpCounter.PROGRAM), tcp4, Model.XDP_PASS);
            StringBuilder out = new StringBuilder(String.format("%nmesh_filter cost, BPF_PROG_TEST_RUN repeat %d, "
                    + "median of %d rounds, each round baseline then filter (ns/packet):%n", REPEAT, ROUNDS));
            out.append(String.format("  %-28s %7.1f%n", "baseline XDP_PASS", passNs));
            out.append(String.format("  %-28s %7.1f%n", "baseline xdp_counter", countNs));
            for (Map.Entry<String, byte[]> f : frames.entrySet()) {
                int want = fx.model.classify(f.getValue()).action();
                double[] ns = new double[ROUNDS];
                double[] ratio = new double[ROUNDS];
                for (int i = 0; i < ROUNDS; i++) { // paired: a burst of load from other processes hits both
                    double base = once(passProgram, f.getValue(), Model.XDP_PASS);
                    ns[i] = once(fx.filter.program(), f.getValue(), want);
                    ratio[i] = ns[i] / Math.max(1, base);
                }
                Arrays.sort(ns);
                Arrays.sort(ratio);
                out.append(String.format("  %-28s %7.1f  (%.2fx XDP_PASS, median of paired ratios)%n", "mesh " + f.getKey(),
                        ns[ROUNDS / 2], ratio[ROUNDS / 2]));
            }
            System.out.print(out);
        }
    }

    private static double once(Program p, byte[] frame, int expectedVerdict) {
        var r = p.testRun(frame, REPEAT);
        assertEquals(expectedVerdict, r.returnValue());
        return r.durationNs();
    }

    private static double median(Program p, byte[] frame, int expectedVerdict) {
        double[] ns = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            ns[i] = once(p, frame, expectedVerdict);
        }
        Arrays.sort(ns);
        assertTrue(ns[ROUNDS / 2] >= 0);
        return ns[ROUNDS / 2];
    }
}
