/**
 * What the running kernel and process can do with BPF, and what an application requires of them.
 *
 * <p>{@link io.ebpf4j.features.KernelCapabilities#cached()} probes once per JVM and returns an
 * immutable {@link io.ebpf4j.features.CapabilityReport}: kernel version and config, libbpf,
 * privileges, filesystems, BTF/CO-RE, every program and map type, selected helpers, attach kinds,
 * lockdown and JIT. Program types, map types, helpers and newer bpf() commands are decided by real
 * loads, never by version numbers. {@link io.ebpf4j.features.CapabilityReport#check} answers a list of
 * {@link io.ebpf4j.kernel.Requirement}s ({@link io.ebpf4j.features.KernelFeature},
 * {@link io.ebpf4j.kernel.ProgramType}, {@link io.ebpf4j.kernel.MapType},
 * {@link io.ebpf4j.features.HelperRequirement}) with the reason, remedy and fallback for each
 * missing one.
 */
package io.ebpf4j.features;
