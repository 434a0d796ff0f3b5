/**
 * ebpf4j's test kit, for ebpf4j's own tests and for users' kernel tests: {@link
 * io.ebpf4j.testkit.RequiresKernel} (skips a test where the kernel lacks what it needs, fails it in
 * CI), the command runner ({@link io.ebpf4j.testkit.Commands}), bpftool and promtool as independent
 * oracles ({@link io.ebpf4j.testkit.Bpftool}, {@link io.ebpf4j.testkit.Exposition}), a real Prometheus
 * server ({@link io.ebpf4j.testkit.PrometheusServer}) and polling waits. Network-namespace topologies
 * are in {@link io.ebpf4j.testkit.netns}. Put it on the test class path only: no library jar of ebpf4j
 * contains or needs it.
 */
package io.ebpf4j.testkit;
