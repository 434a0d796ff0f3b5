package io.ebpf4j.heal.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * Property (a): stationary series of each shape raise no alarm over long runs with the default
 * settings through the debounce wrapper (10 seeds x 10^4 samples = 10^5 samples per property).
 */
class StationaryNoAlarmTest {
    private static final int SAMPLES = 10_000;

    static int alarms(AnomalyDetector d, Random r, ToDoubleFunction<Random> series) {
        int alarms = 0;
        for (int i = 0; i < SAMPLES; i++) {
            alarms += d.update(series.applyAsDouble(r)).anomalous() ? 1 : 0;
        }
        return alarms;
    }

    private static void quiet(Supplier<AnomalyDetector> f, long seed, ToDoubleFunction<Random> series) {
        assertEquals(0, alarms(f.get(), new Random(seed), series), "alarms on a stationary series, seed " + seed);
    }

    private static Supplier<AnomalyDetector> debounced(Supplier<AnomalyDetector> inner) {
        return () -> new Debounced(inner.get(), Debounce.Config.defaults());
    }

    @Property(tries = 10, seed = "1")
    void robustZOnGaussian(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        quiet(debounced(() -> new RobustZ(RobustZ.Config.defaults(1e-3))), seed, r -> 50 + 3 * r.nextGaussian());
    }

    @Property(tries = 10, seed = "2")
    void ewmaOnGaussian(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        quiet(debounced(() -> new AdaptiveEwma(AdaptiveEwma.Config.defaults(1e-3))), seed, Random::nextGaussian);
    }

    @Property(tries = 10, seed = "3")
    void cusumOnGaussian(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        quiet(debounced(() -> new Cusum(Cusum.Config.defaults(1e-3))), seed, r -> -7 + 0.5 * r.nextGaussian());
    }

    @Property(tries = 10, seed = "4")
    void lossDetectorOnRareLoss(@ForAll @LongRange(min = 0, max = 1_000_000) long seed,
            @ForAll("rates") double p) {
        quiet(Detectors::forLoss, seed, r -> Series.loss(r, p));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Double> rates() {
        return net.jqwik.api.Arbitraries.of(0.0, 0.001, 0.005, 0.01);
    }

    @Property(tries = 10, seed = "5")
    void rttDetectorOnSpikyRtt(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        quiet(Detectors::forRtt, seed, r -> Series.rtt(r, 0.02));
    }

    @Property(tries = 10, seed = "6")
    void rttDetectorOnHeavyTails(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        quiet(Detectors::forRtt, seed, r -> 100 + 10 * Series.t3(r));
    }

    @Property(tries = 10, seed = "7")
    void rateDetectorOnRareEvents(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        quiet(Detectors::forRate, seed, r -> 20 * Series.poisson(r, 0.1));
    }

    @Property(tries = 10, seed = "8")
    void histogramDetectorOnStableLatency(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        HistogramDetector d = Detectors.forLatencyHistogram();
        Random r = new Random(seed);
        int alarms = 0;
        for (int i = 0; i < SAMPLES / 4; i++) {
            alarms += d.update(Series.latencies(r, 20 + r.nextInt(200), 20_000)).anomalous() ? 1 : 0;
        }
        assertEquals(0, alarms, "alarms on a stable latency distribution, seed " + seed);
    }
}
