package io.ebpf4j.bench;

import io.ebpf4j.BpfObject;
import io.ebpf4j.Program;
import io.ebpf4j.ProgramInfo;
import io.ebpf4j.TestRunResult;
import io.ebpf4j.features.KernelClock;
import io.ebpf4j.hooks.mesh.AnswerLimit;
import io.ebpf4j.hooks.mesh.MeshFilter;
import io.ebpf4j.hooks.mesh.ProbeKey;
import io.ebpf4j.hooks.mesh.ProbeKeys;
import io.ebpf4j.hooks.mesh.ProbePayload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * The cost of the probe guards per probe frame: the mesh filter as {@link MeshCost} builds it (202
 * identities), once without keys and once requiring authenticated probes (a mesh-wide key), each
 * against XDP_PASS in the same rounds through BPF_PROG_TEST_RUN.
 *
 * <p>Frames that change state (a request is turned into its reply in place; a reply is counted once,
 * then refused as replayed) are measured with single runs, each on a fresh frame, against single runs
 * of XDP_PASS on the same frames; the difference of the two is added to XDP_PASS's ns from repeated
 * runs (as {@link MeshCost} does for the probe request). Frames a guard refuses (a forged reply, a
 * replayed one) are measured with repeated runs. Requests are measured without an answer budget, and
 * once with a budget that never runs out (1e9 per second) to show the token bucket's own cost.
 */
public final class ProbeAuthCost {
    private static final int REQUEST_PORT = 40001;
    private static final ProbeKey KEY = ProbeKey.random(1);

    private final int repeat;
    private final int rounds;
    private final int singles;
    private final List<Figure> out = new ArrayList<>();
    private int seq;

    private ProbeAuthCost(boolean smoke) {
        repeat = smoke ? 2_000 : 500_000;
        rounds = smoke ? 1 : 11;
        singles = smoke ? 200 : 20_000;
    }

    /** Runs the measurement; {@code smoke} only proves it works (seconds). */
    public static List<Figure> measure(boolean smoke) {
        ProbeAuthCost m = new ProbeAuthCost(smoke);
        try (BpfObject bench = BenchObjects.load(BenchObjects.BENCH); MeshFilter off = MeshCost.filter();
                MeshFilter on = MeshCost.filter()) {
            off.guards().answerLimit(AnswerLimit.UNLIMITED);
            on.guards().answerLimit(AnswerLimit.UNLIMITED);
            on.guards().meshKeys(ProbeKeys.of(KEY));
            on.guards().requireProbeAuth(true);
            m.run(bench.program("xdp_pass"), off, on);
        }
        return m.out;
    }

    private void run(Program pass, MeshFilter off, MeshFilter on) {
        System.out.printf("%nprobe guards vs XDP_PASS, BPF_PROG_TEST_RUN, %d rounds (single runs: %d per round; repeated:"
                + " %d runs), ns/frame medians, ratio median [p25..p75]%n", rounds, singles, repeat);
        single("probe.request_unsigned", pass, off.program(), i -> request(false), 3);
        single("probe.request_signed", pass, on.program(), i -> request(true), 3);
        off.guards().answerLimit(new AnswerLimit(1_000_000_000, 1_000_000));
        single("probe.request_unsigned_budget", pass, off.program(), i -> request(false), 3);
        off.guards().answerLimit(AnswerLimit.UNLIMITED);
        single("probe.reply_unsigned", pass, off.program(), i -> reply(false), 1);
        single("probe.reply_signed", pass, on.program(), i -> reply(true), 1);
        byte[] replayed = reply(true);
        run(on.program(), replayed, 1, 1); // counted once; every run after it is a replay
        repeated("probe.reply_replayed_signed", pass, on.program(), replayed, 1);
        byte[] replayedOff = reply(false);
        run(off.program(), replayedOff, 1, 1);
        repeated("probe.reply_replayed_unsigned", pass, off.program(), replayedOff, 1);
        byte[] forged = frame(new ProbePayload(ProbePayload.REPLY, 1, seq++, MeshFrames.NODE_TAG, 1, KernelClock.nanos(),
                0x5eedL), MeshFrames.PROBE_PORT, REQUEST_PORT);
        repeated("probe.reply_forged", pass, on.program(), forged, 1);
        stats(pass, off.program(), on.program());
    }

    /**
     * The kernel's accounting (kernel.bpf_stats_enabled): run_time_ns / run_cnt of each program over
     * single runs on fresh frames, XDP_PASS on the same kind of frames; restored afterwards.
     */
    private void stats(Program pass, Program off, Program on) {
        Path flag = Path.of("/proc/sys/kernel/bpf_stats_enabled");
        if (!Files.isWritable(flag)) {
            System.err.println("probe guards: " + flag + " is not writable; skipping run_time_ns accounting");
            return;
        }
        try {
            String old = Files.readString(flag).trim();
            Files.writeString(flag, "1");
            try {
                System.out.println("  kernel accounting (bpf_stats), single runs, ns/run:");
                accounted("probe.stats.xdp_pass_request", pass, i -> request(false), 2);
                accounted("probe.stats.request_unsigned", off, i -> request(false), 3);
                accounted("probe.stats.request_signed", on, i -> request(true), 3);
                accounted("probe.stats.xdp_pass_reply", pass, i -> reply(false), 2);
                accounted("probe.stats.reply_unsigned", off, i -> reply(false), 1);
                accounted("probe.stats.reply_signed", on, i -> reply(true), 1);
            } finally {
                Files.writeString(flag, old);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accounted(String name, Program p, IntFunction<byte[]> frames, int verdict) {
        double[] v = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ProgramInfo before = p.info();
            for (int i = 0; i < singles; i++) {
                run(p, frames.apply(i), 1, verdict);
            }
            ProgramInfo after = p.info();
            long runs = after.runCount() - before.runCount();
            v[r] = runs == 0 ? Double.NaN : (double) (after.runTimeNs() - before.runTimeNs()) / runs;
        }
        out.add(new Figure(name, MeshCost.median(v), "ns/run"));
        System.out.printf(Locale.ROOT, "    %-30s %6.1f%n", name, MeshCost.median(v));
    }

    private byte[] request(boolean signed) {
        ProbePayload p = ProbePayload.request(seq++, 0x77, 1, KernelClock.nanos());
        return frame(signed ? p.signed(KEY) : p, REQUEST_PORT, MeshFrames.PROBE_PORT);
    }

    private byte[] reply(boolean signed) {
        ProbePayload p = new ProbePayload(ProbePayload.REPLY, seq++, MeshFrames.NODE_TAG, 1, KernelClock.nanos() - 1_000);
        return frame(signed ? p.signed(KEY) : p, MeshFrames.PROBE_PORT, REQUEST_PORT);
    }

    private static byte[] frame(ProbePayload p, int sport, int dport) {
        return MeshFrames.probeFrame(p, sport, dport);
    }

    /** Single runs on fresh frames, paired with XDP_PASS on the same frames (see the class comment). */
    private void single(String name, Program pass, Program mesh, IntFunction<byte[]> frames, int verdict) {
        double[] m = new double[rounds];
        double[] p = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long passOne = 0;
            long meshOne = 0;
            byte[] first = null;
            for (int i = 0; i < singles; i++) {
                byte[] f = frames.apply(i);
                first = first == null ? f : first;
                passOne += run(pass, f, 1, 2).durationNs();
                meshOne += run(mesh, f, 1, verdict).durationNs();
            }
            p[r] = run(pass, first, repeat, 2).durationNs();
            m[r] = p[r] + (double) (meshOne - passOne) / singles;
        }
        report(name, m, p);
    }

    private void repeated(String name, Program pass, Program mesh, byte[] frame, int verdict) {
        double[] m = new double[rounds];
        double[] p = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            if ((r & 1) == 0) {
                p[r] = run(pass, frame, repeat, 2).durationNs();
                m[r] = run(mesh, frame, repeat, verdict).durationNs();
            } else {
                m[r] = run(mesh, frame, repeat, verdict).durationNs();
                p[r] = run(pass, frame, repeat, 2).durationNs();
            }
        }
        report(name, m, p);
    }

    private void report(String name, double[] mesh, double[] pass) {
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ratio[r] = mesh[r] / Math.max(1, pass[r]);
        }
        double[] s = ratio.clone();
        Arrays.sort(s);
        out.add(new Figure(name + ".ns", MeshCost.median(mesh), "ns/packet"));
        out.add(new Figure(name + ".pass_ns", MeshCost.median(pass), "ns/packet"));
        out.add(new Figure(name + ".ratio", MeshCost.median(ratio), "x"));
        System.out.printf(Locale.ROOT, "  %-32s mesh %7.1f  pass %6.1f  ratio %.2f [%.2f..%.2f]%n", name,
                MeshCost.median(mesh), MeshCost.median(pass), MeshCost.median(ratio), s[rounds / 4], s[rounds * 3 / 4]);
    }

    private static TestRunResult run(Program p, byte[] frame, int repeat, int verdict) {
        TestRunResult r = p.testRun(frame, repeat);
        if (r.returnValue() != verdict) {
            throw new IllegalStateException(p.name() + " returned " + r.returnValue() + ", expected " + verdict);
        }
        return r;
    }

    /** Prints the figures ({@code --smoke}: quick). */
    public static void main(String[] args) {
        measure(args.length > 0 && args[0].equals("--smoke")).forEach(System.out::println);
    }
}
