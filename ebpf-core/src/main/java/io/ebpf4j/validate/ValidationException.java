package io.ebpf4j.validate;

import io.ebpf4j.kernel.BpfException;
import java.util.List;
import java.util.stream.Collectors;

/** Programs failed validation; lists every error found. */
public class ValidationException extends BpfException {
    private static final long serialVersionUID = 1L;

    private final transient List<Finding> findings;

    public ValidationException(List<Finding> findings) {
        this("validating BPF programs", findings,
                "fix the instructions named above, or relax the validation policy if they are intended");
    }

    /**
     * @param operation what was being done, for the message
     * @param findings  the errors
     * @param remedy    what to do about them
     */
    protected ValidationException(String operation, List<Finding> findings, String remedy) {
        super(operation, 0, describe(findings), remedy);
        this.findings = List.copyOf(findings);
    }

    /** The errors found in the programs of object {@code object}, which was therefore not loaded. */
    public static ValidationException beforeLoad(String object, List<Finding> findings) {
        return new ValidationException("validating the programs of object '" + object + "' before load (nothing was loaded)",
                findings, "fix the instructions named above, or relax the validation policy if they are intended "
                        + "(LoadOptions.withPolicy(...), or LoadOptions.withoutValidation())");
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
