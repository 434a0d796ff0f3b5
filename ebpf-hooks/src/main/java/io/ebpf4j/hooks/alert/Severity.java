package io.ebpf4j.hooks.alert;

/** How urgent an {@link Alert} is; the MAPE-K Analyze stage decides what each level means. */
public enum Severity {
    INFO,
    WARNING,
    CRITICAL
}
