package io.ebpf4j.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void unitsFromNanosecondsToDays() {
        assertEquals(Duration.ofNanos(250), Durations.parse("250ns"));
        assertEquals(Duration.ofNanos(500_000), Durations.parse("500us"));
        assertEquals(Duration.ofNanos(500_000), Durations.parse("500µs"));
        assertEquals(Duration.ofMillis(10), Durations.parse("10ms"));
        assertEquals(Duration.ofMillis(10), Durations.parse(" 10 ms "));
        assertEquals(Duration.ofSeconds(2), Durations.parse("2s"));
        assertEquals(Duration.ofMinutes(1), Durations.parse("1m"));
        assertEquals(Duration.ofHours(3), Durations.parse("3h"));
        assertEquals(Duration.ofDays(1), Durations.parse("1d"));
        assertEquals(Duration.ZERO, Durations.parse("0s"));
        assertEquals(Duration.ofMillis(1500), Durations.parse("PT1.5S"));
        assertEquals(Duration.ofMillis(1500), Durations.parse("pt1.5s"));
    }

    @Test
    void refusalsSayWhy() {
        assertEquals("a duration needs a unit: 10ms, 10s", assertThrows(IllegalArgumentException.class,
                () -> Durations.parse("10")).getMessage());
        assertEquals("a duration cannot be negative", assertThrows(IllegalArgumentException.class,
                () -> Durations.parse("-1s")).getMessage());
        assertEquals("a duration cannot be negative", assertThrows(IllegalArgumentException.class,
                () -> Durations.parse("PT-1S")).getMessage());
        assertEquals("units are ns, us, ms, s, m, h, d", assertThrows(IllegalArgumentException.class,
                () -> Durations.parse("1.5s")).getMessage());
        assertEquals("not an ISO-8601 duration", assertThrows(IllegalArgumentException.class,
                () -> Durations.parse("PTXS")).getMessage());
    }

    @Test
    void formatUsesTheLargestWholeUnit() {
        assertEquals("10ms", Durations.format(Duration.ofMillis(10)));
        assertEquals("90s", Durations.format(Duration.ofSeconds(90)));
        assertEquals("1m", Durations.format(Duration.ofSeconds(60)));
        assertEquals("1500us", Durations.format(Duration.ofNanos(1_500_000)));
        assertEquals("0s", Durations.format(Duration.ZERO));
        for (String s : new String[] {"250ns", "500us", "10ms", "2s", "1m", "3h", "1d"}) {
            assertEquals(s, Durations.format(Durations.parse(s)), "round trip of " + s);
        }
    }
}
