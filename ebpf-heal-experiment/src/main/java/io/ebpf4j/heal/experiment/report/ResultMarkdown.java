package io.ebpf4j.heal.experiment.report;

import java.util.Locale;

/**
 * An {@link ExperimentResult} as markdown: run metadata, a summary table (MTTR p50/p95/max, detection
 * precision/recall/F1, false positives, clean-soak FP/h) and one table row per fault.
 */
public final class ResultMarkdown {
    private ResultMarkdown() {}

    /** The report. */
    public static String render(ExperimentResult r) {
        StringBuilder b = new StringBuilder();
        ExperimentResult.Run run = r.run();
        b.append("# Self-healing experiment, ").append(run.date()).append("\n\n");
        b.append("- mode: ").append("agents".equals(run.mode())
                ? "agents (multi-process: one `ebpf4j agent` process per node, in its namespace, sharing edges by gossip)"
                : "threads (single-process: every node's loop in the orchestrator's JVM, sharing a Java object)").append('\n');
        b.append("- seed: `").append(run.seed()).append("`\n");
        b.append("- duration: ").append(seconds(run.durationMs())).append(" s\n");
        b.append("- machine: ").append(cell(run.machine())).append('\n');
        b.append("- command: `").append(run.command().replace("`", "'")).append("`\n\n");

        ExperimentResult.Summary s = r.summary();
        b.append("## Summary\n\n| metric | value |\n|---|---|\n");
        row(b, "faults injected", Integer.toString(r.faults().size()));
        row(b, "recovered / unrecovered", s.recovered() + " / " + s.unrecovered());
        row(b, "MTTR p50 (ms)", orDash(s.mttrP50Ms()));
        row(b, "MTTR p95 (ms)", orDash(s.mttrP95Ms()));
        row(b, "MTTR max (ms)", orDash(s.mttrMaxMs()));
        row(b, "detection precision", fraction(s.precision()));
        row(b, "detection recall", fraction(s.recall()));
        row(b, "detection F1", fraction(s.f1()));
        row(b, "false positives (run)", Integer.toString(s.falsePositives()));
        row(b, "clean soak (s)", s.cleanSoakMs() == 0 ? "not run" : seconds(s.cleanSoakMs()));
        if (s.noActionFaults() > 0) {
            row(b, "faults not to act on (agent kill, gossip cut) / with a detection or action",
                    s.noActionFaults() + " / " + s.noActionFaultsHit());
        }
        row(b, "clean-soak FP/h", s.cleanSoakFpPerHour() == null ? "-" : String.format(Locale.ROOT, "%.2f", s.cleanSoakFpPerHour()));
        b.append("\nMTTR percentiles are nearest-rank over recovered faults; times are offsets from the run start.\n\n");

        b.append("## Faults\n\n| # | kind | subject | severity | injected (s) | cleared (s) | detected (s) | TTD (ms) | action (s) "
                + "| restored (s) | MTTR (ms) | impaired |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        int i = 1;
        for (ExperimentResult.FaultRow f : r.faults()) {
            b.append("| ").append(i++).append(" | ").append(cell(f.kind())).append(" | ").append(cell(f.subject())).append(" | ")
                    .append(cell(f.severity())).append(" | ").append(seconds(f.injectedMs())).append(" | ")
                    .append(seconds(f.clearedMs())).append(" | ").append(seconds(f.detectedMs())).append(" | ")
                    .append(orDash(f.ttdMs())).append(" | ").append(seconds(f.actionMs())).append(" | ")
                    .append(seconds(f.restoredMs())).append(" | ").append(f.mttrMs() == null ? (f.impaired() ? "not restored" : "-") : f.mttrMs())
                    .append(" | ").append(f.impaired() ? "yes" : "no").append(f.shouldAct() ? "" : " (any flow; not to act on)")
                    .append(" |\n");
        }
        if (!r.agents().isEmpty()) {
            b.append("\n## Agent processes\n\nSampled from /proc/PID about once a second; CPU in % of one core over the time"
                    + " the agent ran (all incarnations).\n\n| node | starts | samples | RSS mean (MiB) | RSS max (MiB) | CPU (% of one core) |\n"
                    + "|---|---|---|---|---|---|\n");
            for (ExperimentResult.AgentUsage a : r.agents()) {
                b.append("| ").append(a.node()).append(" | ").append(a.starts()).append(" | ").append(a.samples()).append(" | ")
                        .append(String.format(Locale.ROOT, "%.1f | %.1f | %.1f", a.rssMeanMb(), a.rssMaxMb(), a.cpuPercent()))
                        .append(" |\n");
            }
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String metric, String value) {
        b.append("| ").append(metric).append(" | ").append(value).append(" |\n");
    }

    private static String orDash(Long v) {
        return v == null ? "-" : v.toString();
    }

    private static String seconds(Long ms) {
        return ms == null ? "-" : String.format(Locale.ROOT, "%.3f", ms / 1000.0);
    }

    private static String fraction(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
