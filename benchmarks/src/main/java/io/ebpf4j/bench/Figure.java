package io.ebpf4j.bench;

/** One measured number outside JMH (kernel program cost, RSS): a name, a value and its unit. */
public record Figure(String name, double value, String unit) {
    @Override
    public String toString() {
        return name + " " + value + " " + unit;
    }
}
