package io.ebpf4j.examples;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code 500ms}, {@code 8s}, {@code 2m}, {@code 1h} or ISO-8601 ({@code PT30S}) durations. */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("pt")) {
                return positive(Duration.parse(v.toUpperCase(Locale.ROOT)), value);
            }
            if (v.endsWith("ms")) {
                return positive(Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2))), value);
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return positive(switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new TypeConversionException("not a duration: '" + value + "' (use e.g. 500ms, 8s, 2m, 1h)");
            }, value);
        } catch (RuntimeException e) {
            if (e instanceof TypeConversionException t) {
                throw t;
            }
            throw new TypeConversionException("not a duration: '" + value + "' (use e.g. 500ms, 8s, 2m, 1h)");
        }
    }

    private static Duration positive(Duration d, String value) {
        if (d.isNegative() || d.isZero()) {
            throw new TypeConversionException("duration must be positive: '" + value + "'");
        }
        return d;
    }
}
