package io.ebpf4j.heal.experiment.run;

import io.ebpf4j.heal.experiment.Fault;
import io.ebpf4j.heal.experiment.report.ExperimentResult;
import io.ebpf4j.heal.experiment.report.ExperimentResult.Mark;
import io.ebpf4j.heal.experiment.report.ExperimentResult.MarkType;
import io.ebpf4j.heal.experiment.report.ResultJson;
import io.ebpf4j.heal.experiment.report.ResultMarkdown;
import io.ebpf4j.heal.experiment.report.TimelineSvg;
import io.ebpf4j.heal.experiment.score.Detection;
import io.ebpf4j.heal.experiment.score.EventScore;
import io.ebpf4j.heal.experiment.score.FaultWindow;
import io.ebpf4j.heal.experiment.score.MttrStats;
import io.ebpf4j.heal.experiment.score.Recovery;
import io.ebpf4j.heal.experiment.score.RecoveryJudge;
import io.ebpf4j.heal.experiment.traffic.TrafficLog;
import io.ebpf4j.heal.experiment.score.HealActionAt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Scores a finished run: detections against the injector's windows (event-wise, no point
 * adjusting), recovery judged from the traffic log alone, the first healing action per fault from
 * the knowledge store, and writes the result (JSON, markdown, SVG timeline) to the output directory.
 */
final class Scoring {
    private final ExperimentConfig cfg;
    private final long runStart;
    private final Instant startWall;
    private final List<HealActionAt> actions;
    private final List<ExperimentResult.AgentUsage> agents;

    Scoring(ExperimentConfig cfg, long runStart, Instant startWall, List<HealActionAt> actions,
            List<ExperimentResult.AgentUsage> agents) {
        this.cfg = cfg;
        this.runStart = runStart;
        this.startWall = startWall;
        this.actions = List.copyOf(actions);
        this.agents = List.copyOf(agents);
    }

    /**
     * Scores the run. Faults healing should act on are scored event-wise; the others (an agent killed,
     * the gossip cut) only collect false positives: every detection in their window matches no fault
     * and counts as one, every action in it is reported in their row.
     */
    ExperimentResult score(List<Map.Entry<Fault, long[]>> windows, List<Detection> detections, List<Detection> soak,
            Duration soakLength, TrafficLog log, Function<Fault, List<String>> affected, List<String> allFlows,
            Duration total) {
        EventScore scorer = new EventScore();
        List<FaultWindow> fw = new ArrayList<>();
        windows.stream().filter(e -> e.getKey().shouldAct())
                .forEach(e -> fw.add(new FaultWindow(e.getKey().subject(), e.getValue()[0], e.getValue()[1])));
        EventScore.Result events = scorer.score(fw, detections);
        int noAction = 0;
        int noActionHit = 0;
        RecoveryJudge judge = new RecoveryJudge();
        List<Recovery> recoveries = new ArrayList<>();
        List<ExperimentResult.FaultRow> rows = new ArrayList<>();
        List<Mark> marks = new ArrayList<>();
        int k = 0;
        for (Map.Entry<Fault, long[]> e : windows) {
            Fault f = e.getKey();
            long[] w = e.getValue();
            if (!f.shouldAct()) {
                Recovery every = judge.judge(log, w[0], w[1], allFlows);
                OptionalLong det = first(detections.stream().map(Detection::monoNanos).toList(), w);
                OptionalLong act = first(actions.stream().map(HealActionAt::monoNanos).toList(), w);
                rows.add(ExperimentResult.FaultRow.ofNoAction(f, runStart, every, det, act));
                noAction++;
                noActionHit += det.isPresent() || act.isPresent() ? 1 : 0;
                continue;
            }
            Recovery r = judge.judge(log, w[0], w[1], affected.apply(f));
            recoveries.add(r);
            OptionalLong action = firstAction(f.subject(), w[0], w[1]);
            rows.add(ExperimentResult.FaultRow.of(f, runStart, r, events.perFault().get(k++), action));
            action.ifPresent(a -> marks.add(new Mark(MarkType.ACTION, f.subject(), ms(a), "reroute")));
            r.restoredAtNanos().ifPresent(t -> marks.add(new Mark(MarkType.RECOVERY, f.subject(), ms(t), "restored")));
        }
        for (Detection d : detections) {
            marks.add(new Mark(MarkType.DETECTION, d.subject(), ms(d.monoNanos()), "detected"));
        }
        Double soakFp = soakLength.isZero() ? null : scorer.fpPerHour(soak, soakLength);
        ExperimentResult.Summary summary = ExperimentResult.Summary.of(MttrStats.ofRecoveries(recoveries.stream().filter(Recovery::impaired).toList()), events,
                soakLength.toMillis(), soakFp).withNoAction(noAction, noActionHit);
        ExperimentResult result = new ExperimentResult(new ExperimentResult.Run(startWall.toString(), cfg.seed(),
                total.toMillis(), machine(), cfg.command(), cfg.mode().label()), rows, marks, summary, agents);
        write(result);
        return result;
    }

    /** The first apply decision on {@code subject} between its injection and clearing (+1 s), if any. */
    private OptionalLong firstAction(String subject, long from, long to) {
        return first(actions.stream().filter(a -> a.subject().equals(subject)).map(HealActionAt::monoNanos).toList(),
                new long[] {from, to});
    }

    /** The earliest of {@code times} in the window [injected, cleared + 1 s], if any. */
    private static OptionalLong first(List<Long> times, long[] window) {
        return times.stream().filter(t -> t >= window[0] && t <= window[1] + 1_000_000_000L).mapToLong(Long::longValue).min();
    }

    private long ms(long monoNanos) {
        return (monoNanos - runStart) / 1_000_000L;
    }

    private static String machine() {
        String kernel = System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch");
        return kernel + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, Java " + Runtime.version();
    }

    private void write(ExperimentResult r) {
        if (cfg.outDir() == null) {
            return;
        }
        try {
            Files.createDirectories(cfg.outDir());
            Files.writeString(cfg.outDir().resolve("results.json"), ResultJson.write(r));
            Files.writeString(cfg.outDir().resolve("results.md"), ResultMarkdown.render(r));
            Files.writeString(cfg.outDir().resolve("timeline.svg"), TimelineSvg.render(r));
        } catch (IOException e) {
            throw new UncheckedIOException("writing results to " + cfg.outDir(), e);
        }
    }
}
