package io.ebpf4j.validate;

import io.ebpf4j.kernel.AttachType;
import io.ebpf4j.kernel.ProgramType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A safety policy: rules a program must follow beyond being loadable. Policies compose with
 * {@link #and(Policy)}; every finding names the rule it broke. Helpers are named, never numbered:
 * names are resolved through the validator's {@link io.ebpf4j.asm.HelperCatalog}.
 *
 * <p>{@link #defaults()} denies the helpers in {@link #DEFAULT_DENIED_HELPERS}, requires a
 * GPL-compatible license for GPL-only helpers and caps programs at 1,000,000 instructions; it allows
 * every program and attach type. docs/VALIDATION.md gives the reasons.
 */
@FunctionalInterface
public interface Policy {

    /**
     * Helpers {@link #defaults()} denies, with the reason: each changes kernel or user state outside the
     * program's own hook, or signals processes.
     */
    Map<String, String> DEFAULT_DENIED_HELPERS = Map.of(
            "bpf_probe_write_user", "writes into the memory of user processes",
            "bpf_override_return", "makes a kernel function return an error without running it (error injection)",
            "bpf_send_signal", "sends a signal to the current process",
            "bpf_send_signal_thread", "sends a signal to the current thread",
            "bpf_sys_bpf", "runs bpf() commands from inside BPF: creates and changes BPF programs and maps",
            "bpf_sys_close", "closes file descriptors of the loading process");

    /** The findings for one program; empty when it follows the policy. */
    List<Finding> check(ProgramView program);

    /** A policy that applies this one and then {@code other}, reporting the findings of both. */
    default Policy and(Policy other) {
        Objects.requireNonNull(other, "other");
        Policy self = this;
        return program -> {
            List<Finding> out = new ArrayList<>(self.check(program));
            out.addAll(other.check(program));
            return out;
        };
    }

    /** The policy that allows everything. */
    static Policy none() {
        return program -> List.of();
    }

    /** Deny {@link #DEFAULT_DENIED_HELPERS}, require GPL for GPL-only helpers, cap at 1,000,000 instructions. */
    static Policy defaults() {
        return denyHelpers(DEFAULT_DENIED_HELPERS)
                .and(requireGplForGplOnlyHelpers())
                .and(maxInstructions(StructureChecker.MAX_INSNS));
    }

    /** Deny calls to the named helpers (rule {@code policy.denied-helper}). */
    static Policy denyHelpers(Collection<String> names) {
        Map<String, String> reasons = new java.util.HashMap<>();
        names.forEach(n -> reasons.put(n, "denied by policy"));
        return new DeniedHelpers(reasons);
    }

    /** Deny calls to the named helpers, each with the reason to report (rule {@code policy.denied-helper}). */
    static Policy denyHelpers(Map<String, String> namesAndReasons) {
        return new DeniedHelpers(namesAndReasons);
    }

    /** Allow only programs of these types (rule {@code policy.program-type}). */
    static Policy allowProgramTypes(Set<ProgramType> allowed) {
        Set<ProgramType> copy = Set.copyOf(allowed);
        return program -> copy.contains(program.input().type()) ? List.of()
                : List.of(program.program("policy.program-type", Severity.ERROR,
                        "program type " + program.input().type() + " is not allowed (allowed: " + copy + ")"));
    }

    /**
     * Allow only these expected attach types (rule {@code policy.attach-type}); a program without one
     * passes only when {@code allowNone}.
     */
    static Policy allowAttachTypes(Set<AttachType> allowed, boolean allowNone) {
        Set<AttachType> copy = Set.copyOf(allowed);
        return program -> program.input().attachType()
                .map(a -> copy.contains(a) ? List.<Finding>of()
                        : List.of(program.program("policy.attach-type", Severity.ERROR,
                                "attach type " + a + " is not allowed (allowed: " + copy + ")")))
                .orElse(allowNone ? List.of() : List.of(program.program("policy.attach-type", Severity.ERROR,
                        "the program has no expected attach type; allowed: " + copy)));
    }

    /**
     * Require a GPL-compatible license when GPL-only helpers ({@link GplOnlyHelpers#NAMES}) are called
     * (rule {@code policy.gpl-license}). The kernel refuses such programs too; this says so before loading.
     */
    static Policy requireGplForGplOnlyHelpers() {
        return new GplOnlyHelpers();
    }

    /** At most {@code max} instruction slots (rule {@code policy.max-instructions}). */
    static Policy maxInstructions(int max) {
        if (max <= 0) {
            throw new IllegalArgumentException("the instruction cap must be positive, got " + max);
        }
        return program -> program.slotCount() <= max ? List.of()
                : List.of(program.program("policy.max-instructions", Severity.ERROR,
                        "the program has " + program.slotCount() + " instructions; the policy allows " + max));
    }
}
