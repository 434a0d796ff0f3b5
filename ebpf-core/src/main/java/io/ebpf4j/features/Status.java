package io.ebpf4j.features;

/** How far a capability is usable here. */
public enum Status {
    /** Usable now. */
    AVAILABLE,
    /** The kernel has it, but the system must be set up first (e.g. a filesystem mounted). */
    NEEDS_SETUP,
    /** This kernel or system does not have it. */
    UNAVAILABLE,
    /** Could not be determined (e.g. no privilege to run the probe, libbpf unavailable). */
    UNKNOWN
}
