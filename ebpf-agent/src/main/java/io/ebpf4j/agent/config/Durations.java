package io.ebpf4j.agent.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the agent's configuration writes them: a whole number and a unit ({@code 500us},
 * {@code 10ms}, {@code 2s}, {@code 1m}, {@code 1h}, {@code 1d}; also {@code ns}), or ISO-8601
 * ({@code PT1.5S}). Zero is allowed here ({@code 0s}); whether a key takes it is the key's check.
 */
public final class Durations {
    private static final Pattern SIMPLE = Pattern.compile("(\\d{1,18})\\s*(ns|us|µs|ms|s|m|h|d)");

    private Durations() {}

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException saying why, e.g. that a bare number needs a unit
     */
    public static Duration parse(String text) {
        String t = text.strip();
        if (t.regionMatches(true, 0, "PT", 0, 2) || t.regionMatches(true, 0, "P", 0, 1) && t.length() > 1
                && Character.isDigit(t.charAt(1))) {
            Duration d;
            try {
                d = Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not an ISO-8601 duration");
            }
            if (d.isNegative()) {
                throw new IllegalArgumentException("a duration cannot be negative");
            }
            return d;
        }
        Matcher m = SIMPLE.matcher(t);
        if (!m.matches()) {
            if (t.matches("\\d+")) {
                throw new IllegalArgumentException("a duration needs a unit: " + t + "ms, " + t + "s");
            }
            if (t.startsWith("-")) {
                throw new IllegalArgumentException("a duration cannot be negative");
            }
            throw new IllegalArgumentException("units are ns, us, ms, s, m, h, d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ns" -> Duration.ofNanos(n);
            case "us", "µs" -> Duration.ofNanos(Math.multiplyExact(n, 1000L));
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> throw new IllegalStateException(m.group(2));
        };
    }

    /** {@code d} in the largest unit that keeps it whole: {@code 10ms}, {@code 2s}, {@code 90s}, {@code 1m}. */
    public static String format(Duration d) {
        long ns = d.toNanos();
        if (ns == 0) {
            return "0s";
        }
        long[] sizes = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L};
        String[] units = {"d", "h", "m", "s", "ms", "us", "ns"};
        for (int i = 0; i < sizes.length; i++) {
            if (ns % sizes[i] == 0) {
                return ns / sizes[i] + units[i];
            }
        }
        throw new IllegalStateException("unreachable");
    }
}
