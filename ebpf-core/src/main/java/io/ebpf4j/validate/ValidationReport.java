package io.ebpf4j.validate;

import java.util.List;

/** All findings of one validation run, in program order. */
public record ValidationReport(List<Finding> findings) {
    public ValidationReport {
        findings = List.copyOf(findings);
    }

    /** True when there is no {@link Severity#ERROR}. */
    public boolean ok() {
        return findings.stream().noneMatch(Finding::isError);
    }

    /** The errors. */
    public List<Finding> errors() {
        return findings.stream().filter(Finding::isError).toList();
    }

    /** The warnings. */
    public List<Finding> warnings() {
        return findings.stream().filter(f -> !f.isError()).toList();
    }

    /** The findings about one program. */
    public List<Finding> forProgram(String name) {
        return findings.stream().filter(f -> f.program().equals(name)).toList();
    }

    /** The findings that broke {@code ruleId}. */
    public List<Finding> byRule(String ruleId) {
        return findings.stream().filter(f -> f.rule().equals(ruleId)).toList();
    }

    /**
     * Returns this report when it is {@link #ok()}.
     *
     * @throws ValidationException listing every error
     */
    public ValidationReport orThrow() {
        if (!ok()) {
            throw new ValidationException(errors());
        }
        return this;
    }
}
