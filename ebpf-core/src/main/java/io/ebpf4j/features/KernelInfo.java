package io.ebpf4j.features;

import java.util.Optional;

/**
 * The running kernel.
 *
 * @param release the release string as uname reports it, e.g. 6.18.44-fc-v782
 * @param version the parsed version, empty when the release does not start with one
 * @param machine the architecture, e.g. x86_64
 */
public record KernelInfo(String release, Optional<KernelVersion> version, String machine) {
    /** Whether the kernel is at least {@code version}; false when the version is unknown. */
    public boolean atLeast(String version) {
        return this.version.map(v -> v.atLeast(version)).orElse(false);
    }
}
