/**
 * Alerts from the hooks for a MAPE-K loop: {@link io.ebpf4j.hooks.alert.AlertRule}s evaluated by an
 * {@link io.ebpf4j.hooks.alert.AlertEngine} per event (on the hook's reader thread) or per period (from
 * snapshot deltas), with hysteresis, delivered as {@link io.ebpf4j.hooks.alert.Alert}s carrying the
 * kernel CLOCK_MONOTONIC time of their cause to {@link io.ebpf4j.hooks.alert.AlertListener}s.
 * See docs/hooks/ALERTS.md.
 */
package io.ebpf4j.hooks.alert;
