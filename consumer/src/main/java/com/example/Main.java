package com.example;

import io.ebpf4j.BpfObject;
import io.ebpf4j.ObjectSpec;
import io.ebpf4j.link.Link;
import io.ebpf4j.link.Xdp;
import io.ebpf4j.map.Codecs;
import io.ebpf4j.map.PerCpuMap;
import io.ebpf4j.prebuilt.Prebuilt;

public class Main {
    record Stats(long packets, long bytes) {}                               // struct { __u64 packets, bytes; }

    public static void main(String[] args) throws InterruptedException {
        ObjectSpec spec = ObjectSpec.open(Prebuilt.bundled().bytes("xdp_counter"), "xdp_counter");
        try (BpfObject obj = spec.load();                                   // VerifierException carries the log
             Link link = Xdp.attach(obj.program("xdp_count"), "eth0")) {    // bpf_link: gone if the JVM dies
            PerCpuMap<Integer, Stats> stats =
                    PerCpuMap.perCpu(obj.map("xdp_stats"), Codecs.INT, Codecs.record(Stats.class));
            Thread.sleep(1_000);
            System.out.println(stats.sum(0, Stats::packets).orElse(0L) + " packets in 1 s");
        }
    }
}
