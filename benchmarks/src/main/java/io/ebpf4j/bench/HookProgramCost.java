package io.ebpf4j.bench;

import io.ebpf4j.BpfObject;
import io.ebpf4j.ObjectSpec;
import io.ebpf4j.Program;
import io.ebpf4j.ProgramInfo;
import io.ebpf4j.ProgramSpec;
import io.ebpf4j.hooks.syscall.SyscallLatency;
import io.ebpf4j.link.Link;
import io.ebpf4j.link.Tracepoint;
import io.ebpf4j.prebuilt.Prebuilt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's own accounting (kernel.bpf_stats_enabled: run_time_ns / run_cnt) of the syscall
 * latency hook's tracepoint programs, the bundled syscall_latency object that {@link SyscallLatency}
 * loads, with its default configuration (no filter, no slow-call events): ns per run of the
 * sys_enter and sys_exit programs of connect, sendto and recvfrom while this process makes those
 * calls. Unlike the paired wall-clock figures this leaves out the syscall itself and the rest of
 * the machine; it does not count the kernel's tracepoint dispatch (the slow syscall entry path that
 * any attached syscall tracepoint turns on). Other processes' calls run the same programs and are
 * counted too; the figure is per run either way.
 */
final class HookProgramCost {
    private static final Path STATS = Path.of("/proc/sys/kernel/bpf_stats_enabled");

    private HookProgramCost() {}

    /** Figures {@code hookstats.syscall_latency.<call>.enter|exit} in ns/run. */
    static List<Figure> measure(SyscallBench s, boolean smoke) throws Throwable {
        List<Figure> out = new ArrayList<>();
        if (!Files.isWritable(STATS)) {
            System.err.println("hook program cost: " + STATS + " is not writable; skipped");
            return out;
        }
        int batches = smoke ? 20 : 20_000;
        ObjectSpec spec = ObjectSpec.open(Prebuilt.bundled().bytes(SyscallLatency.OBJECT), SyscallLatency.OBJECT);
        for (ProgramSpec p : spec.programs()) {
            p.setAutoload(p.name().startsWith("tp_"));
        }
        String old = Files.readString(STATS).trim();
        try (BpfObject obj = spec.load()) {
            Files.writeString(STATS, "1");
            for (String call : List.of("connect", "sendto", "recvfrom")) {
                Program enter = obj.program("tp_enter_" + call);
                Program exit = obj.program("tp_exit_" + call);
                ProgramInfo e0 = enter.info();
                ProgramInfo x0 = exit.info();
                try (Link le = Tracepoint.attach(exit, "syscalls", "sys_exit_" + call);
                        Link lx = Tracepoint.attach(enter, "syscalls", "sys_enter_" + call)) {
                    for (int i = 0; i < batches; i++) {
                        switch (call) {
                            case "connect" -> s.connect();
                            case "sendto" -> s.sendBatch();
                            default -> s.recvBatch();
                        }
                    }
                }
                out.add(perRun("hookstats.syscall_latency." + call + ".enter", e0, enter.info()));
                out.add(perRun("hookstats.syscall_latency." + call + ".exit", x0, exit.info()));
            }
        } finally {
            Files.writeString(STATS, old);
        }
        out.forEach(f -> System.out.printf("%s %.1f ns/run%n", f.name(), f.value()));
        return out;
    }

    private static Figure perRun(String name, ProgramInfo before, ProgramInfo after) throws IOException {
        long runs = after.runCount() - before.runCount();
        return new Figure(name, runs == 0 ? Double.NaN : (double) (after.runTimeNs() - before.runTimeNs()) / runs, "ns/run");
    }
}
