package io.ebpf4j.agent.config;

import java.util.Objects;

/**
 * One mistake in an agent configuration file.
 *
 * @param path    the key path, e.g. {@code peers[2].cidrs[0]} (empty for the file as a whole)
 * @param line    the line in the file, from 1 (0 when the problem has no place, e.g. an unreadable file)
 * @param column  the column in the line, from 1 (0 when unknown)
 * @param message what was expected and what was found, e.g.
 *                {@code expected a CIDR like 10.0.0.0/24, got '10.0.0.300/24'}
 */
public record ConfigProblem(String path, int line, int column, String message) {
    public ConfigProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("line and column are 1-based (0: unknown): " + line + ":" + column);
        }
    }

    /**
     * The problem as one line for a terminal or an editor:
     * {@code agent.yaml:14:9: peers[2].cidrs[0]: expected a CIDR like 10.0.0.0/24, got '10.0.0.300/24'}.
     *
     * @param source the file name to start the line with
     */
    public String describe(String source) {
        StringBuilder b = new StringBuilder(source);
        if (line > 0) {
            b.append(':').append(line);
            if (column > 0) {
                b.append(':').append(column);
            }
        }
        b.append(": ");
        if (!path.isEmpty()) {
            b.append(path).append(": ");
        }
        return b.append(message).toString();
    }
}
