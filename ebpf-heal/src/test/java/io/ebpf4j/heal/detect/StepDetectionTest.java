package io.ebpf4j.heal.detect;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.ToDoubleFunction;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * Property (b): after a clean baseline, a sustained step is detected within a stated number of samples
 * (the bound includes the debounce). The same bounds are quoted in the factories' javadoc and in
 * docs/heal/DETECTORS.md.
 */
class StepDetectionTest {
    private static final int BASELINE = 300;

    /** Samples from the step's start to the first anomalous verdict; fails on an alarm before it. */
    static int delay(AnomalyDetector d, long seed, ToDoubleFunction<Random> before, ToDoubleFunction<Random> after,
            int bound) {
        Random r = new Random(seed);
        for (int i = 0; i < BASELINE; i++) {
            assertFalse(d.update(before.applyAsDouble(r)).anomalous(), "alarm before the step, seed " + seed);
        }
        for (int i = 1; i <= bound; i++) {
            if (d.update(after.applyAsDouble(r)).anomalous()) {
                return i;
            }
        }
        throw new AssertionError("step not detected within " + bound + " samples, seed " + seed);
    }

    private static AnomalyDetector debounced(AnomalyDetector inner) {
        return new Debounced(inner, Debounce.Config.defaults());
    }

    @Property(tries = 200, seed = "11")
    void robustZDetectsEightSigmaWithinFive(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        delay(debounced(new RobustZ(RobustZ.Config.defaults(1e-3))), seed, Random::nextGaussian,
                r -> 8 + r.nextGaussian(), 5);
    }

    @Property(tries = 200, seed = "12")
    void ewmaDetectsEightSigmaWithinFive(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        delay(debounced(new AdaptiveEwma(AdaptiveEwma.Config.defaults(1e-3))), seed, Random::nextGaussian,
                r -> 8 + r.nextGaussian(), 5);
    }

    @Property(tries = 100, seed = "13")
    void cusumDetectsThreeSigmaWithinTwenty(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        delay(debounced(new Cusum(Cusum.Config.defaults(1e-3))), seed, Random::nextGaussian,
                r -> 3 + r.nextGaussian(), 20);
    }

    @Property(tries = 200, seed = "14")
    void lossDetectorSeesTwentyPercentWithinHundredPeriods(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        delay(Detectors.forLoss(), seed, r -> Series.loss(r, 0.002), r -> Series.loss(r, 0.2), 100);
    }

    @Property(tries = 200, seed = "15")
    void lossDetectorSeesFiftyPercentWithinTenPeriods(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        delay(Detectors.forLoss(), seed, r -> Series.loss(r, 0.002), r -> Series.loss(r, 0.5), 10);
    }

    @Property(tries = 200, seed = "16")
    void rttDetectorSeesOneMillisecondWithinFivePeriods(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        delay(Detectors.forRtt(), seed, r -> Series.rtt(r, 0.02), r -> 1000 + Series.rtt(r, 0.02), 5);
    }

    @Property(tries = 200, seed = "19")
    void rttDetectorSeesTenfoldRttWithinTenPeriods(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        delay(Detectors.forRtt(), seed, r -> Series.rtt(r, 0.02), r -> 10 * Series.rtt(r, 0.02), 10);
    }

    @Property(tries = 200, seed = "20")
    void rttDetectorSeesThreeHundredMicrosWithinTenPeriods(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        delay(Detectors.forRtt(), seed, r -> Series.rtt(r, 0.02), r -> 300 + Series.rtt(r, 0.02), 10);
    }

    @Property(tries = 200, seed = "17")
    void rateDetectorSeesResetBurstWithinTwentyFivePeriods(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        delay(Detectors.forRate(), seed, r -> 20 * Series.poisson(r, 0.1), r -> 20 * Series.poisson(r, 5), 25);
    }

    @Property(tries = 100, seed = "18")
    void histogramDetectorSeesEightfoldLatencyWithinFivePeriods(
            @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        HistogramDetector d = Detectors.forLatencyHistogram();
        Random r = new Random(seed);
        for (int i = 0; i < 100; i++) {
            assertFalse(d.update(Series.latencies(r, 100, 20_000)).anomalous(), "alarm before the shift");
        }
        boolean seen = false;
        for (int i = 0; i < 5 && !seen; i++) {
            seen = d.update(Series.latencies(r, 100, 160_000)).anomalous();
        }
        assertTrue(seen, "shift not detected within 5 periods, seed " + seed);
    }
}
