package io.ebpf4j.validate;

import io.ebpf4j.BpfException;
import java.util.List;
import java.util.stream.Collectors;

/** Programs failed validation; lists every error found. */
public class ValidationException extends BpfException {
    private static final long serialVersionUID = 1L;

    private final transient List<Finding> findings;

    public ValidationException(List<Finding> findings) {
        super("validating BPF programs", 0, describe(findings),
                "fix the instructions named above, or relax the validation policy if they are intended");
        this.findings = List.copyOf(findings);
    }

    /** The errors that failed validation. */
    public List<Finding> findings() {
        return findings;
    }

    private static String describe(List<Finding> findings) {
        return findings.size() + " error" + (findings.size() == 1 ? "" : "s") + ":\n"
                + findings.stream().map(f -> "  " + f).collect(Collectors.joining("\n"));
    }
}
