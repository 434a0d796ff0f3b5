package io.ebpf4j.validate;

import io.ebpf4j.asm.Disassembler;
import io.ebpf4j.asm.HelperCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Validates programs before loading, in two layers: structure (what the kernel's verifier refuses
 * regardless of values, see {@link StructuralRule}) and a {@link Policy}. Pure Java; thread-safe.
 *
 * <pre>{@code
 * Validator v = Validator.builder().policy(Policy.defaults()).build();
 * v.validate(ProgramInput.of("prog", ProgramType.SOCKET_FILTER, "GPL", insns)).orThrow();
 * }</pre>
 */
public final class Validator {
    private final HelperCatalog catalog;
    private final Policy policy;
    private final Disassembler disassembler;

    private Validator(HelperCatalog catalog, Policy policy) {
        this.catalog = catalog;
        this.policy = policy;
        this.disassembler = new Disassembler(catalog);
    }

    /** A builder: the kernel's helper catalog and {@link Policy#defaults()} unless told otherwise. */
    public static Builder builder() {
        return new Builder();
    }

    /** A validator with the kernel's helper catalog and the default policy. */
    public static Validator defaults() {
        return builder().build();
    }

    /** Validates each program: structure first, then the policy (which also sees structurally broken programs). */
    public ValidationReport validate(ProgramInput... programs) {
        return validate(List.of(programs));
    }

    /** Validates each program. */
    public ValidationReport validate(List<ProgramInput> programs) {
        List<Finding> out = new ArrayList<>();
        for (ProgramInput p : programs) {
            ProgramView view = new ProgramView(p, catalog, disassembler);
            out.addAll(StructureChecker.check(view));
            out.addAll(policy.check(view));
        }
        return new ValidationReport(out);
    }

    /**
     * Validates each program and throws when any has an error.
     *
     * @return the report, which may hold warnings
     * @throws ValidationException listing every error
     */
    public ValidationReport validateOrThrow(ProgramInput... programs) {
        return validate(programs).orThrow();
    }

    /** The helper catalog in use. */
    public HelperCatalog catalog() {
        return catalog;
    }

    /** Builds a {@link Validator}. */
    public static final class Builder {
        private HelperCatalog catalog;
        private Policy policy = Policy.defaults();

        private Builder() {}

        /** Helper names and ids; default {@link HelperCatalog#kernel()}. */
        public Builder catalog(HelperCatalog catalog) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            return this;
        }

        /** The safety policy; default {@link Policy#defaults()}; {@link Policy#none()} for structure only. */
        public Builder policy(Policy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        public Validator build() {
            return new Validator(catalog != null ? catalog : HelperCatalog.kernel(), policy);
        }
    }
}
