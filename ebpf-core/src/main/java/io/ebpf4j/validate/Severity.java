package io.ebpf4j.validate;

/** How bad a finding is. */
public enum Severity {
    /** The program must not be loaded: the kernel would refuse it, or the policy forbids it. */
    ERROR,
    /** Worth knowing, not a reason to refuse the program. */
    WARNING
}
