package io.ebpf4j.agent.config;

import java.time.Duration;
import java.util.Collection;

/** The checks' common phrases over {@link Problems}: required keys, ranges, positive durations. */
final class Checker {
    private final Problems problems;

    Checker(Problems problems) {
        this.problems = problems;
    }

    /** Reports a problem at {@code path}. */
    void fail(String path, String message) {
        problems.at(path, message);
    }

    /** Whether {@code path} is written in the file. */
    boolean present(String path) {
        return problems.present(path);
    }

    /** Whether something at or inside {@code path} was already reported. */
    boolean reported(String path) {
        return problems.reported(path);
    }

    /**
     * Whether a required value is there; if not, reports it as missing (the key is not in the file) or
     * empty (written without a value), unless the reading already reported the value it refused.
     */
    boolean required(String path, Object value, String expected) {
        return value != null || absent(path, expected, "nothing");
    }

    /** {@link #required} for a list that must have at least one item. */
    boolean nonEmpty(String path, Collection<?> list, String expected) {
        return !list.isEmpty() || absent(path, expected, "an empty list");
    }

    /** Reports a required value that is absent (missing key, or written as {@code got}); always false. */
    private boolean absent(String path, String expected, String got) {
        if (enclosingReported(path)) {
            return false;
        }
        if (!problems.present(path)) {
            problems.at(path, "missing key '" + missingPart(path) + "': expected " + expected);
        } else if (!problems.reported(path)) {
            problems.at(path, "expected " + expected + ", got " + got);
        }
        return false;
    }

    /** A list that may be left out but, when written, must not be empty. */
    void notEmptyIfWritten(String path, Collection<?> list, String hint) {
        if (list.isEmpty() && problems.present(path) && !problems.reported(path)) {
            problems.at(path, "expected at least one item, got an empty list (" + hint + ")");
        }
    }

    /** A duration that, when given, must be positive. */
    void positive(String path, Duration d, String example) {
        if (d != null && (d.isZero() || d.isNegative())) {
            problems.at(path, "expected a positive duration like " + example + ", got " + Durations.format(d));
        }
    }

    /** A whole number that, when given, must lie in {@code min..max}. */
    void range(String path, Number n, long min, long max, String what) {
        if (n != null && (n.longValue() < min || n.longValue() > max)) {
            problems.at(path, "expected " + what + ", got " + n);
        }
    }

    /** Whether a mapping or list around {@code path} was refused as a whole (then its keys are not missing). */
    private boolean enclosingReported(String path) {
        for (String p = KeyPath.parent(path); !p.isEmpty(); p = KeyPath.parent(p)) {
            if (problems.reportedExactly(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The part of a missing path below what the file has: {@code cidrs} for {@code peers[2].cidrs} when
     * {@code peers[2]} is written, {@code node.spiffeId} when there is no {@code node:} at all.
     */
    private String missingPart(String path) {
        String p = KeyPath.parent(path);
        while (!p.isEmpty() && !problems.present(p)) {
            p = KeyPath.parent(p);
        }
        return p.isEmpty() ? path : path.substring(p.length() + 1);
    }

    /** {@code path (line N)}, to point at an earlier item in a message. */
    String at(String path) {
        return path + " (line " + problems.line(path) + ")";
    }
}
