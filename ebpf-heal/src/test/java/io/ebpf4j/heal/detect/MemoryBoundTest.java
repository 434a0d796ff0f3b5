package io.ebpf4j.heal.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Property (c): internal state does not grow with the series. */
class MemoryBoundTest {
    @Test
    void robustZWindowNeverExceedsItsCapacity() {
        RobustZ z = new RobustZ(RobustZ.Config.defaults(1e-3));
        Random r = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            z.update(i % 1000 < 500 ? r.nextGaussian() : 100 + r.nextGaussian());
            assertTrue(z.retainedSamples() <= 64);
        }
        assertEquals(64, z.retainedSamples());
    }

    @Test
    void histogramReferenceKeepsItsSize() {
        HistogramShift h = new HistogramShift(HistogramShift.Config.defaults());
        Random r = new Random(8);
        for (int i = 0; i < 10_000; i++) {
            h.update(Series.latencies(r, 50, i % 100 < 50 ? 10_000 : 1_000_000));
        }
        assertEquals(64, h.reference().length);
        double sum = 0;
        for (double p : h.reference()) {
            sum += p;
        }
        assertEquals(1, sum, 1e-9, "the reference stays a distribution");
    }

    @Test
    void scalarDetectorsKeepWorkingAfterLongRuns() {
        for (AnomalyDetector d : new AnomalyDetector[] {Detectors.forLoss(), Detectors.forRtt(), Detectors.forRate(),
                new AdaptiveEwma(AdaptiveEwma.Config.defaults(1)), new Cusum(Cusum.Config.defaults(1))}) {
            Random r = new Random(9);
            for (int i = 0; i < 100_000; i++) {
                d.update(r.nextDouble());
            }
            d.reset();
            assertTrue(d.update(0.5).warmingUp(), d.name() + " warms up again after reset");
        }
    }
}
