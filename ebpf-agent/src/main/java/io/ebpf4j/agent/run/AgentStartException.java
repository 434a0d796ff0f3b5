package io.ebpf4j.agent.run;

import java.util.List;

/**
 * The agent cannot start on this node: what the configuration check cannot see was found wrong at
 * start (an interface that does not exist, a privilege or kernel feature the mesh filter needs, a
 * journal or metrics address that cannot be used). Each problem says what failed and what to do
 * about it. Whatever had started is closed before this is thrown.
 */
public final class AgentStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Not serialised: the problems are in the message too. */
    private final transient List<String> problems;

    /**
     * @param problems each problem, one line: what failed, why, and the remedy
     */
    public AgentStartException(List<String> problems) {
        this(problems, null);
    }

    /**
     * @param problems each problem, one line: what failed, why, and the remedy
     * @param cause    the failure behind the first problem, if any
     */
    public AgentStartException(List<String> problems, Throwable cause) {
        super(message(problems), cause);
        this.problems = List.copyOf(problems);
    }

    private static String message(List<String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an AgentStartException names at least one problem");
        }
        return problems.size() == 1 ? "the agent cannot start: " + problems.getFirst()
                : "the agent cannot start (" + problems.size() + " problems): " + String.join("; ", problems);
    }

    /** Each problem, one line: what failed, why, and the remedy. */
    public List<String> problems() {
        return problems;
    }
}
