package io.ebpf4j.examples;

import io.ebpf4j.validate.Finding;
import java.io.PrintStream;
import java.util.List;

/** Prints validation findings the same way in every command. */
final class Findings {
    private Findings() {}

    /** One line per finding: severity, program[slot] instruction, message and rule. */
    static void print(PrintStream out, String indent, List<Finding> findings) {
        for (Finding f : findings) {
            out.println(indent + f.severity() + "  " + f.program() + (f.index() >= 0 ? "[" + f.index() + "]  " + f.line() : "")
                    + "  -- " + f.message() + " (" + f.rule() + ")");
        }
    }
}
