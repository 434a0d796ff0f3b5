package io.ebpf4j.features;

import io.ebpf4j.kernel.MissingFeatureException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The answer to {@link CapabilityReport#check(Requirement...)}: everything met, or each missing item
 * with its reason, remedy and fallback.
 *
 * @param missing the requirements not met, in the order asked
 */
public record CheckResult(List<MissingRequirement> missing) {
    public CheckResult {
        missing = List.copyOf(missing);
    }

    /** Whether every requirement is met. */
    public boolean ok() {
        return missing.isEmpty();
    }

    /**
     * Returns normally when every requirement is met.
     *
     * @throws MissingFeatureException for the first missing item; the others are attached as
     *                                 suppressed exceptions
     */
    public void orThrow() {
        if (ok()) {
            return;
        }
        MissingFeatureException first = missing.getFirst().toException();
        missing.stream().skip(1).map(MissingRequirement::toException).forEach(first::addSuppressed);
        throw first;
    }

    /** "all requirements met", or one line per missing item. */
    public String describe() {
        return ok() ? "all requirements met"
                : missing.stream().map(MissingRequirement::describe).collect(Collectors.joining("\n"));
    }
}
