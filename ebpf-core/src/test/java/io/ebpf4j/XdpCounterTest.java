package io.ebpf4j;

import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.kernel.MapType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.link.Link;
import io.ebpf4j.link.Xdp;
import io.ebpf4j.map.Codecs;
import io.ebpf4j.map.PerCpuMap;
import io.ebpf4j.prebuilt.Prebuilt;
import io.ebpf4j.prebuilt.XdpCounter;
import io.ebpf4j.testkit.Bpftool;
import io.ebpf4j.testkit.Commands;
import io.ebpf4j.testkit.netns.VethPair;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton: ebpf-native's prebuilt XDP counter, opened from the class path (SHA-256
 * checked), loaded, attached to a veth in a namespace this test creates, and read after real traffic.
 */
@RequiresKernel(value = {KernelFeature.XDP_ATTACH, KernelFeature.BPF_LINK, KernelFeature.CAP_NET_ADMIN},
        programTypes = ProgramType.XDP, mapTypes = MapType.PERCPU_ARRAY)
class XdpCounterTest {
    /** The counter's value layout: struct { __u64 packets; __u64 bytes; }. */
    record Stats(long packets, long bytes) {}

    @Test
    void countsThePacketsAndBytesOfRealTraffic() {
        ObjectSpec spec = ObjectSpec.open(Prebuilt.bundled().bytes(XdpCounter.OBJECT), "xdp_counter");
        try (VethPair veth = VethPair.create(); BpfObject obj = spec.load()) {
            PerCpuMap<Integer, Stats> stats = PerCpuMap.perCpu(obj.map(XdpCounter.STATS_MAP), Codecs.INT,
                    Codecs.record(Stats.class));
            try (Link link = Xdp.attach(obj.program(XdpCounter.PROGRAM), veth.hostIf())) {
                veth.pingHostFromPeer(30);
            }
            List<Stats> perCpu = stats.get(0).orElseThrow();
            assertEquals(stats.cpus(), perCpu.size());
            long packets = perCpu.stream().mapToLong(Stats::packets).sum();
            long bytes = perCpu.stream().mapToLong(Stats::bytes).sum();
            assertTrue(packets >= 30, "30 pings arrived as at least 30 packets: " + packets);
            assertTrue(bytes >= 30L * (14 + 20 + 8 + 56), "30 echo requests of 98 bytes each, plus ARP: " + bytes);
            assertEquals(packets, stats.sum(0, Stats::packets).orElseThrow());
            assertEquals(packets, Bpftool.u64(obj.program(XdpCounter.PROGRAM), XdpCounter.STATS_MAP, 0, 0),
                    "bpftool reads the same count from the kernel");
        }
    }
}
