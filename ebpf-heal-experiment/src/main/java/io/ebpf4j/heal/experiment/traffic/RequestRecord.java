package io.ebpf4j.heal.experiment.traffic;

/**
 * One application request in the traffic log.
 *
 * @param flow          the flow's label
 * @param proto         UDP or TCP
 * @param sendMonoNanos when it was sent ({@link System#nanoTime()})
 * @param outcome       how it ended
 * @param latencyNanos  round-trip time when {@code outcome} is {@link Outcome#OK}, else the time until
 *                      the failure was known (-1 while pending)
 */
public record RequestRecord(String flow, Proto proto, long sendMonoNanos, Outcome outcome, long latencyNanos) {
    /** True when the echo came back. */
    public boolean ok() {
        return outcome == Outcome.OK;
    }
}
