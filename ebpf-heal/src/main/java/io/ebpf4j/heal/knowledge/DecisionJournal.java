package io.ebpf4j.heal.knowledge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ebpf4j.heal.act.ActionOutcome;
import io.ebpf4j.heal.plan.Decision;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * The decision journal: one JSON object per line per decision, flushed line by line so a crash
 * loses at most the line being written. Keys (see docs/heal/PLAN_AND_KNOWLEDGE.md): {@code t},
 * {@code wall}, {@code node}, {@code subject}, {@code signal}, {@code detector}, {@code score},
 * {@code threshold}, {@code diagnosis}, {@code decision}, {@code blocked}, {@code rule},
 * {@code action}, {@code description}, {@code guard}, {@code reason}, {@code outcome}
 * ({@code ok}, {@code changed}, {@code detail}), {@code time_to_detect_ms}, {@code time_to_act_ms},
 * {@code decided_by}; unknown values are JSON {@code null}. A line with an {@code event} key instead is a
 * {@link DetectorEvent} (a graph detector failing over to the rules and back). Thread-safe.
 */
public final class DecisionJournal implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Writer out;
    private boolean closed;

    /** A journal writing to {@code out} (closed with the journal). */
    public DecisionJournal(Writer out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /** A journal appending to {@code file} (created if absent), UTF-8. */
    public static DecisionJournal open(Path file) {
        try {
            return new DecisionJournal(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the decision journal " + file, e);
        }
    }

    /** Writes and flushes one line. */
    public synchronized void write(JournalEntry e) {
        writeLine(toJson(e));
    }

    private void writeLine(ObjectNode line) {
        if (closed) {
            throw new IllegalStateException("the decision journal is closed");
        }
        try {
            out.write(JSON.writeValueAsString(line));
            out.write('\n');
            out.flush();
        } catch (IOException x) {
            throw new UncheckedIOException("cannot write the decision journal", x);
        }
    }

    /** Writes and flushes one detector event line. */
    public synchronized void write(DetectorEvent e) {
        writeLine(toJson(e));
    }

    /** The JSON object of one detector event. */
    public static ObjectNode toJson(DetectorEvent e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("t", e.monoNanos());
        n.put("wall", e.wall().toString());
        n.put("event", e.kind().label());
        n.put("detector", e.detector());
        n.put("reason", e.reason());
        n.put("periods", e.periods());
        return n;
    }

    /** The JSON object of one entry. */
    public static ObjectNode toJson(JournalEntry e) {
        Decision d = e.decision();
        Evidence ev = e.evidence();
        ObjectNode n = JSON.createObjectNode();
        n.put("t", d.monoNanos());
        n.put("wall", e.wall().toString());
        n.put("node", d.node());
        n.put("subject", d.subject());
        n.put("signal", ev.signal());
        n.put("detector", ev.detector());
        number(n, "score", ev.score());
        number(n, "threshold", ev.threshold());
        n.put("diagnosis", d.diagnosis().getClass().getSimpleName());
        n.put("decision", d.kind().name());
        n.put("blocked", d.blockedKind() == null ? null : d.blockedKind().name());
        n.put("rule", d.rule());
        n.put("action", d.action() == null ? null : d.action().kind());
        n.put("description", d.action() == null ? null : d.action().describe());
        n.put("guard", d.guard());
        n.put("reason", d.reason());
        ActionOutcome o = e.outcome();
        if (o == null) {
            n.putNull("outcome");
        } else {
            n.putObject("outcome").put("ok", o.ok()).put("changed", o.changed()).put("detail", o.detail());
        }
        number(n, "time_to_detect_ms", e.timeToDetectMillis());
        number(n, "time_to_act_ms", e.timeToActMillis());
        n.put("decided_by", ev.decidedBy());
        return n;
    }

    private static void number(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }

    /** Closes the writer; idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            try {
                out.close();
            } catch (IOException x) {
                throw new UncheckedIOException("cannot close the decision journal", x);
            }
        }
    }
}
