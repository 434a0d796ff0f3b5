package io.ebpf4j.heal.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DetectorBehaviourTest {
    @Test
    void flatBaselineUsesTheFloorNotAZeroScale() {
        RobustZ z = new RobustZ(new RobustZ.Config(16, 8, 5, 0.05, 0, Direction.UP));
        for (int i = 0; i < 16; i++) {
            z.update(0);
        }
        Verdict tiny = z.update(0.01);
        assertEquals(0.2, tiny.score(), 1e-9, "0.01 over a floor of 0.05");
        assertFalse(tiny.anomalous());
        assertTrue(z.update(1).anomalous());
    }

    @Test
    void directionUpIgnoresDrops() {
        AdaptiveEwma e = new AdaptiveEwma(new AdaptiveEwma.Config(0.1, 5, 4, 1, Direction.UP));
        for (int i = 0; i < 5; i++) {
            e.update(100);
        }
        assertFalse(e.update(0).anomalous());
        assertTrue(e.update(200).anomalous());
    }

    @Test
    void ewmaBaselineFreezesDuringAFault() {
        AdaptiveEwma e = new AdaptiveEwma(new AdaptiveEwma.Config(0.2, 5, 4, 1, Direction.BOTH));
        for (int i = 0; i < 5; i++) {
            e.update(10);
        }
        for (int i = 0; i < 1000; i++) {
            assertTrue(e.update(50).anomalous(), "a long fault stays anomalous");
        }
        assertEquals(10, e.mean(), 1e-9);
    }

    @Test
    void cusumAlarmsOnAShiftAndResetsWhenItEnds() {
        Cusum c = new Cusum(new Cusum.Config(0.5, 4, 4, 10, 1, 0.01, Direction.BOTH));
        for (int i = 0; i < 10; i++) {
            c.update(0);
        }
        int alarmAt = -1;
        for (int i = 1; i <= 20 && alarmAt < 0; i++) {
            alarmAt = c.update(2).anomalous() ? i : -1;
        }
        assertEquals(3, alarmAt, "a 2-sigma shift adds 1.5 per sample: above 4 at the third");
        for (int i = 0; i < 50; i++) {
            c.update(2);
        }
        int clearedAfter = 0;
        while (c.update(0).anomalous()) {
            clearedAfter++;
        }
        assertTrue(clearedAfter <= 8, "capped at 1.5 h, so back to h / 2 within h / k samples: " + clearedAfter);
        assertEquals(0, c.update(0).score(), "sums restart from 0");
        assertTrue(c.update(-3).score() > 0, "two-sided");
    }

    @Test
    void nanIsAMissingSample() {
        for (AnomalyDetector d : List.of(new RobustZ(new RobustZ.Config(8, 4, 4, 1, 0, Direction.UP)),
                new AdaptiveEwma(new AdaptiveEwma.Config(0.1, 4, 4, 1, Direction.UP)),
                new Cusum(new Cusum.Config(0.5, 2, 4, 4, 1, 0.01, Direction.UP)))) {
            for (int i = 0; i < 4; i++) {
                d.update(0);
            }
            for (int i = 0; i < 5; i++) {
                d.update(100);
            }
            Verdict missing = d.update(Double.NaN);
            assertTrue(Double.isNaN(missing.score()), d.name());
            assertTrue(missing.anomalous(), d.name() + " repeats its flag");
            assertThrows(IllegalArgumentException.class, () -> d.update(Double.POSITIVE_INFINITY));
        }
    }

    @Test
    void histogramNeedsEnoughSamplesAndTheRightShape() {
        HistogramShift h = new HistogramShift(new HistogramShift.Config(4, 1, 10, 0.2, 0.1));
        assertTrue(Double.isNaN(h.update(new long[] {1, 2, 0, 0}).score()), "too few samples: no verdict");
        assertTrue(h.update(new long[] {5, 5, 0, 0}).warmingUp());
        assertEquals(0, h.update(new long[] {50, 50, 0, 0}).score(), 1e-12);
        Verdict moved = h.update(new long[] {0, 0, 10, 10});
        assertEquals(1, moved.score(), 1e-12, "disjoint supports");
        assertTrue(moved.anomalous());
        assertThrows(IllegalArgumentException.class, () -> h.update(new long[3]));
        assertThrows(IllegalArgumentException.class, () -> h.update(new long[] {-1, 20, 0, 0}));
    }

    @Test
    void anyOfTakesTheStrongestMember() {
        AnyOf any = new AnyOf(List.of(new RobustZ(new RobustZ.Config(8, 4, 4, 1, 0, Direction.UP)),
                new Cusum(new Cusum.Config(0.5, 4, 4, 4, 1, 0.01, Direction.UP))));
        for (int i = 0; i < 4; i++) {
            assertTrue(any.update(0).warmingUp());
        }
        Verdict v = any.update(100);
        assertTrue(v.anomalous());
        assertEquals(25, v.score(), 1e-9, "robust z of 100 over scale 1 is 100, threshold 4");
        assertEquals("any(robust-z,cusum)", any.name());
    }

    @Test
    void badParametersNameThemselves() {
        assertMessage("window", () -> new RobustZ.Config(2, 2, 4, 1, 0, Direction.UP));
        assertMessage("warmup", () -> new RobustZ.Config(8, 9, 4, 1, 0, Direction.UP));
        assertMessage("minSigma", () -> new RobustZ.Config(8, 4, 4, 0, 0, Direction.UP));
        assertMessage("threshold", () -> new AdaptiveEwma.Config(0.1, 4, Double.NaN, 1, Direction.UP));
        assertMessage("alpha", () -> new AdaptiveEwma.Config(1, 4, 4, 1, Direction.UP));
        assertMessage("direction", () -> new AdaptiveEwma.Config(0.1, 4, 4, 1, null));
        assertMessage("clip", () -> new Cusum.Config(2, 4, 1, 4, 1, 0.01, Direction.UP));
        assertMessage("h", () -> new Cusum.Config(0.5, -1, 4, 4, 1, 0.01, Direction.UP));
        assertMessage("minCount", () -> new HistogramShift.Config(64, 4, 0, 0.2, 0.1));
        assertMessage("on", () -> new Debounce.Config(4, 3, 1));
        assertMessage("window", () -> new Debounce.Config(1, 65, 1));
        assertMessage("off", () -> new Debounce.Config(1, 3, 0));
        assertMessage("members", () -> new AnyOf(List.of()));
    }

    private static void assertMessage(String parameter, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().startsWith(parameter + " "), x.getMessage());
    }
}
