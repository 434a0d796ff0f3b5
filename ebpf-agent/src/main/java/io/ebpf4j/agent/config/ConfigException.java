package io.ebpf4j.agent.config;

import java.util.List;
import java.util.Objects;

/**
 * An agent configuration file that cannot be used, with every problem found in it (each with its
 * key path, line, column and what was expected). A YAML syntax error stops the reading at the first;
 * all other problems are collected.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final transient List<ConfigProblem> problems;

    /**
     * @param source   the file name (as the problems are described with it)
     * @param problems at least one problem
     */
    public ConfigException(String source, List<ConfigProblem> problems) {
        super(render(source, problems));
        this.source = Objects.requireNonNull(source, "source");
        this.problems = List.copyOf(problems);
    }

    /** The file name the problems refer to. */
    public String source() {
        return source;
    }

    /** The problems in file order. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String render(String source, List<ConfigProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        if (problems.size() == 1) {
            return problems.getFirst().describe(source);
        }
        StringBuilder b = new StringBuilder(problems.size() + " problems in " + source + ":");
        problems.forEach(p -> b.append("\n  ").append(p.describe(source)));
        return b.toString();
    }
}
