package io.ebpf4j.agent.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The problems found in one file, collected while it is bound to records (by the value deserializers
 * and {@link CollectingProblemHandler}) and while the records are checked ({@link ConfigChecks}).
 * One per reading; stored in the Jackson context under its class.
 */
final class Problems {
    private final LocationIndex index;
    private final List<ConfigProblem> list = new ArrayList<>();

    Problems(LocationIndex index) {
        this.index = index;
    }

    /** The collector of the reading {@code ctx} belongs to. */
    static Problems of(DeserializationContext ctx) {
        Object p = ctx.getAttribute(Problems.class);
        if (p instanceof Problems problems) {
            return problems;
        }
        throw new IllegalStateException("the agent config reader did not set up a problem collector");
    }

    /** A problem at the token {@code p} is at. */
    void at(JsonParser p, String message) {
        at(KeyPath.of(p.getParsingContext()), message);
    }

    /** A problem at {@code path} (placed where the path, or its nearest present ancestor, starts). */
    void at(String path, String message) {
        LocationIndex.Position pos = index.find(path);
        add(new ConfigProblem(path, pos.line(), pos.column(), message));
    }

    /** A problem with a known place. */
    void add(ConfigProblem problem) {
        if (!list.contains(problem)) {
            list.add(problem);
        }
    }

    /** The line {@code path} starts on (or its nearest present ancestor). */
    int line(String path) {
        return index.find(path).line();
    }

    /** Whether {@code path} is written in the file. */
    boolean present(String path) {
        return index.has(path);
    }

    /** Whether a problem was already reported at {@code path} or inside it. */
    boolean reported(String path) {
        return list.stream().anyMatch(p -> p.path().equals(path) || p.path().startsWith(path + ".")
                || p.path().startsWith(path + "["));
    }

    /** Whether a problem was reported at exactly {@code path}. */
    boolean reportedExactly(String path) {
        return list.stream().anyMatch(p -> p.path().equals(path));
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    /** The problems in file order (line, column, then as found). */
    List<ConfigProblem> sorted() {
        List<ConfigProblem> out = new ArrayList<>(list);
        out.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
        return out;
    }
}
