package io.ebpf4j.heal.act;

/**
 * What applying or undoing an action did.
 *
 * @param ok        whether the change is in place (or already was)
 * @param changed   whether this call changed anything (false for an idempotent repeat)
 * @param detail    what was done or why it failed
 * @param monoNanos when it completed ({@link System#nanoTime()})
 */
public record ActionOutcome(boolean ok, boolean changed, String detail, long monoNanos) {
    public static ActionOutcome done(String detail) {
        return new ActionOutcome(true, true, detail, System.nanoTime());
    }

    public static ActionOutcome unchanged(String detail) {
        return new ActionOutcome(true, false, detail, System.nanoTime());
    }

    public static ActionOutcome failed(String detail) {
        return new ActionOutcome(false, false, detail, System.nanoTime());
    }
}
