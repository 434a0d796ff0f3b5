package io.ebpf4j.heal.act;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Tells a human: hands {@code text} to a sink (log, chat, pager) once. Applying again sends nothing;
 * undo cannot take a message back and changes nothing. Thread-safe.
 */
public final class AlertAction implements HealAction {
    private final Consumer<String> sink;
    private final String text;
    private boolean sent;

    /** An alert sending {@code text} to {@code sink}. */
    public AlertAction(Consumer<String> sink, String text) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.text = Objects.requireNonNull(text, "text");
    }

    @Override
    public String kind() {
        return "alert";
    }

    @Override
    public String describe() {
        return "alert: " + text;
    }

    @Override
    public synchronized ActionOutcome apply() {
        if (sent) {
            return ActionOutcome.unchanged("already sent");
        }
        try {
            sink.accept(text);
        } catch (RuntimeException e) {
            return ActionOutcome.failed("alert sink failed: " + e);
        }
        sent = true;
        return ActionOutcome.done("sent: " + text);
    }

    @Override
    public synchronized ActionOutcome undo() {
        return ActionOutcome.unchanged("an alert cannot be taken back");
    }

    @Override
    public String toString() {
        return "AlertAction[" + text + "]";
    }
}
