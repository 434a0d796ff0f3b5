package io.ebpf4j.features;

import java.util.Optional;

/**
 * A pseudo filesystem BPF needs (bpffs, tracefs, securityfs).
 *
 * @param type             the filesystem type, e.g. tracefs
 * @param mountPoint       where it is mounted in this process's mount namespace, if it is
 * @param kernelSupportsIt whether /proc/filesystems lists the type
 * @param mountCommand     the command that mounts it at its usual place
 */
public record Mount(String type, Optional<String> mountPoint, boolean kernelSupportsIt, String mountCommand) {
    /** Mounted, mountable, or absent, with the command to run. */
    public Availability availability() {
        if (mountPoint.isPresent()) {
            return Availability.available(type + " mounted at " + mountPoint.get());
        }
        if (kernelSupportsIt) {
            return Availability.needsSetup(type + " is not mounted (the kernel supports it)", mountCommand);
        }
        return Availability.unavailable("the kernel has no " + type + " (not in /proc/filesystems)",
                "use a kernel built with " + type + " support");
    }
}
