package io.ebpf4j.bench;

/**
 * One line of the result table: an operation, the Java figure, what it is compared with (the C
 * baseline, or a Java/kernel baseline), their ratio, the goal and whether it was met.
 *
 * @param operation  what was measured
 * @param java       the ebpf4j figure (NaN when missing)
 * @param baseline   the figure compared with (NaN when there is none)
 * @param unit       unit of both figures
 * @param ratio      java / baseline (or the quantity the goal is about), NaN when not computable
 * @param goal       the goal, as text ("" when the row only informs)
 * @param met        null when there is no goal or a figure is missing
 * @param allocBytes bytes allocated per operation by the Java side (JMH gc profiler), NaN when unknown
 * @param chart      whether the ratio belongs in the ratio chart
 */
public record Row(String operation, double java, double baseline, String unit, double ratio, String goal, Boolean met,
        double allocBytes, boolean chart) {
    /** "met", "MISSED", or "" when the row has no goal. */
    public String verdict() {
        return met == null ? (goal.isEmpty() ? "" : "n/a") : met ? "met" : "MISSED";
    }
}
