package io.ebpf4j.heal.plan;

/**
 * Where a subject is in its episode (a healthy subject has no state: healthy, then sick, healing,
 * restoring, and healthy again once restored).
 */
public enum SubjectState {
    /** Diagnosed; no action in place (no rule applies, or a guard refused). */
    SICK,
    /** Diagnosed, with its action in place. */
    HEALING,
    /** Healthy again, its action still in place until the hold time (and the guards) allow the undo. */
    RESTORING
}
