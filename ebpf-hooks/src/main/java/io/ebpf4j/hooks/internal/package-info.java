/** Plumbing shared by the hooks (config maps, per-CPU sums, reader threads). Not part of the public API. */
package io.ebpf4j.hooks.internal;
