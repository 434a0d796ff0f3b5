package io.ebpf4j.heal.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DebounceTest {
    private static Verdict v(boolean anomalous) {
        return new Verdict(anomalous ? 9 : 1, 5, anomalous, false);
    }

    @Test
    void raisesAfterOnOfWindowAndClearsAfterOffNormals() {
        Debounce d = new Debounce(new Debounce.Config(3, 5, 4));
        assertFalse(d.apply(v(true)).anomalous());
        assertFalse(d.apply(v(false)).anomalous());
        assertFalse(d.apply(v(true)).anomalous());
        Verdict raised = d.apply(v(true));
        assertTrue(raised.anomalous());
        assertEquals(9, raised.score());
        for (int i = 0; i < 3; i++) {
            assertTrue(d.apply(v(false)).anomalous(), "held during the first off-1 normals");
        }
        assertFalse(d.apply(v(false)).anomalous());
        assertFalse(d.apply(v(true)).anomalous(), "history cleared when the alarm clears");
    }

    @Test
    void isolatedOutliersNeverRaise() {
        Debounce d = new Debounce(Debounce.Config.defaults());
        for (int i = 0; i < 1000; i++) {
            assertFalse(d.apply(v(i % 3 == 0)).anomalous());
        }
    }

    @Test
    void warmUpPassesThroughAndNoDataHoldsTheState() {
        Debounce d = new Debounce(new Debounce.Config(1, 1, 2));
        Verdict w = d.apply(Verdict.warming(0, 5));
        assertTrue(w.warmingUp());
        assertFalse(w.anomalous());
        assertTrue(d.apply(v(true)).anomalous());
        Verdict none = d.apply(new Verdict(Double.NaN, 5, false, false));
        assertTrue(none.anomalous(), "no data keeps the alarm");
        assertTrue(Double.isNaN(none.score()));
        assertTrue(d.apply(v(false)).anomalous(), "the NaN did not count as a normal verdict");
        assertFalse(d.apply(v(false)).anomalous());
    }

    @Test
    void wrapperDebouncesItsInnerDetector() {
        Debounced d = new Debounced(new RobustZ(new RobustZ.Config(8, 4, 4, 1, 0, Direction.UP)),
                new Debounce.Config(2, 3, 2));
        for (int i = 0; i < 20; i++) {
            d.update(10 + (i % 2));
        }
        assertFalse(d.update(1000).anomalous(), "one spike is not enough");
        assertFalse(d.update(10).anomalous());
        assertTrue(d.update(1000).anomalous(), "two of the last three");
        assertEquals("robust-z/debounced", d.name());
    }
}
