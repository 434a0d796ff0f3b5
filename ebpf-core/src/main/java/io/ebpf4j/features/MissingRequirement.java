package io.ebpf4j.features;

import io.ebpf4j.kernel.Requirement;
import io.ebpf4j.kernel.MissingFeatureException;
import java.util.Optional;

/**
 * One requirement this system does not meet.
 *
 * @param requirement what was asked for
 * @param status      why it counts as missing (unavailable, needs setup, or unknown)
 * @param reason      the evidence, in plain words
 * @param remedy      what to do, or ""
 * @param fallback    what ebpf4j will use instead, if anything
 * @param sinceKernel the first Linux version that has it, if known
 */
public record MissingRequirement(Requirement requirement, Status status, String reason, String remedy,
                                 Optional<String> fallback, Optional<String> sinceKernel) {
    /** The exception for this item. */
    public MissingFeatureException toException() {
        return toException("");
    }

    /** The exception for this item, its feature name followed by {@code context} (e.g. " (for kprobe on x)"). */
    public MissingFeatureException toException(String context) {
        return new MissingFeatureException(requirement.describe() + context, sinceKernel.orElse(null),
                reason, remedy.isBlank() ? null : remedy, fallback.orElse(null));
    }

    /** One line: what, why, remedy, fallback. */
    public String describe() {
        StringBuilder sb = new StringBuilder(requirement.describe()).append(": ")
                .append(status.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        if (!reason.isBlank()) sb.append(" (").append(reason).append(')');
        sinceKernel.ifPresent(v -> sb.append("; needs Linux ").append(v).append('+'));
        if (!remedy.isBlank()) sb.append("; remedy: ").append(remedy);
        fallback.ifPresent(f -> sb.append("; fallback: ").append(f));
        return sb.toString();
    }
}
