/**
 * Online anomaly detectors with bounded memory per series: {@link io.ebpf4j.heal.detect.RobustZ}
 * (median/MAD), {@link io.ebpf4j.heal.detect.AdaptiveEwma}, {@link io.ebpf4j.heal.detect.Cusum},
 * {@link io.ebpf4j.heal.detect.HistogramShift} (Jensen-Shannon divergence of log2 histograms), the
 * {@link io.ebpf4j.heal.detect.Debounce} hysteresis and its wrappers, and
 * {@link io.ebpf4j.heal.detect.Detectors}, the configurations for the loop's series (probe loss, probe
 * RTT, event rates, latency histograms). Detectors treat a NaN sample as missing (no state change,
 * score NaN) and reject infinite ones. See {@code docs/heal/DETECTORS.md}.
 */
package io.ebpf4j.heal.detect;
