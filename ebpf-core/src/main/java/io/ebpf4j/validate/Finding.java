package io.ebpf4j.validate;

import java.util.Objects;

/**
 * One thing the validator found.
 *
 * @param program  the program's name
 * @param index    the instruction's slot index (as the verifier and llvm-objdump number them), or -1
 *                 when the finding is about the whole program
 * @param line     the disassembled instruction, empty for program-wide findings
 * @param rule     the id of the rule that was broken, e.g. {@code structure.jump-out-of-range} or
 *                 {@code policy.denied-helper}
 * @param message  what is wrong, in words
 * @param severity how bad it is
 */
public record Finding(String program, int index, String line, String rule, String message, Severity severity) {
    public Finding {
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(severity, "severity");
    }

    /** Whether this finding is an {@link Severity#ERROR}. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return severity + " " + program + (index >= 0 ? "[" + index + "] " + line : "") + ": " + message + " (" + rule + ")";
    }
}
