package io.ebpf4j.kernel;

/**
 * The kernel verifier refused a program. Carries the program name and the whole verifier log; the
 * message holds the log's tail.
 */
public class VerifierException extends BpfException {
    private static final long serialVersionUID = 1L;
    private static final int TAIL_LINES = 20;

    private final String program;
    private final String log;
    private final String hint;

    public VerifierException(String program, int errno, String log, String hint) {
        super("loading program '" + program + "'", errno, VerifierLog.parse(log).summary(), null);
        this.program = program;
        this.log = log == null ? "" : log;
        this.hint = hint != null ? hint : VerifierLog.parse(this.log).hint().orElse(null);
    }

    /** The log read for the failing instruction, source line and a plain-words hint. */
    public VerifierLog analysis() {
        return VerifierLog.parse(log);
    }

    /** The summary, the remedy, then the last lines of the log. */
    @Override
    public String getMessage() {
        StringBuilder sb = new StringBuilder(super.getMessage());
        remedy().ifPresent(h -> sb.append(". Remedy: ").append(h));
        return sb.append('\n').append(tailOf(log)).toString();
    }

    /** The plain-words remedy for the failure, when the log matches a known one. */
    @Override
    public java.util.Optional<String> remedy() {
        return java.util.Optional.ofNullable(hint);
    }

    /** The name of the program the verifier refused. */
    public String program() {
        return program;
    }

    /** The whole verifier log. */
    public String log() {
        return log;
    }

    private static String tailOf(String log) {
        if (log == null || log.isBlank()) {
            return "the verifier gave no log";
        }
        String[] lines = log.strip().split("\n");
        int from = Math.max(0, lines.length - TAIL_LINES);
        StringBuilder sb = new StringBuilder("verifier log");
        sb.append(from > 0 ? " (last " + TAIL_LINES + " of " + lines.length + " lines):\n" : ":\n");
        for (int i = from; i < lines.length; i++) {
            sb.append("  ").append(lines[i]).append('\n');
        }
        return sb.toString().stripTrailing();
    }
}
