package io.ebpf4j.hooks.mesh;

/**
 * The budget of probe requests the filter answers per source identity: a token bucket in XDP that
 * refills at {@code perSecond} and holds {@code burst} tokens. A request over the budget is dropped
 * and counted ({@link GuardCounters#rateLimited()}), so a flood from one peer (or from its spoofed
 * address) is answered at this rate at most, and other peers' budgets are untouched.
 *
 * @param perSecond requests answered per second and identity; 0: unlimited
 * @param burst     requests answered back to back from a full bucket (a probe train must fit: the
 *                  prober sends up to 1024), at least 1 when limited
 */
public record AnswerLimit(int perSecond, int burst) {
    /** No limit. */
    public static final AnswerLimit UNLIMITED = new AnswerLimit(0, 0);
    /**
     * The default: 10 000 per second, bursts of 2048 (100 times the agent's default probe rate, and
     * room for the largest probe train twice over).
     */
    public static final AnswerLimit DEFAULT = new AnswerLimit(10_000, 2048);

    public AnswerLimit {
        if (perSecond < 0 || perSecond > 1_000_000_000) {
            throw new IllegalArgumentException("answer rate out of 0..1e9 per second: " + perSecond);
        }
        if (perSecond > 0 && burst < 1) {
            throw new IllegalArgumentException("a limited answer rate needs a burst of at least 1, not " + burst);
        }
        if (burst < 0) {
            throw new IllegalArgumentException("negative burst: " + burst);
        }
    }

    /** Whether requests are limited. */
    public boolean limited() {
        return perSecond > 0;
    }
}
