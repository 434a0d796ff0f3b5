package io.ebpf4j.features;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Linux version, e.g. 6.18.44, parsed from a release string such as {@code 6.18.44-fc-v782}.
 */
public record KernelVersion(int major, int minor, int patch) implements Comparable<KernelVersion> {
    private static final java.util.Comparator<KernelVersion> ORDER = java.util.Comparator
            .comparingInt(KernelVersion::major).thenComparingInt(KernelVersion::minor).thenComparingInt(KernelVersion::patch);
    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    public KernelVersion {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("kernel version parts must not be negative: " + major + "." + minor + "." + patch);
        }
    }

    /**
     * Parses the leading {@code major.minor[.patch]} of {@code release}.
     *
     * @throws IllegalArgumentException naming the text when it does not start with a version
     */
    public static KernelVersion parse(String release) {
        if (release == null) {
            throw new IllegalArgumentException("kernel release is null");
        }
        Matcher m = VERSION.matcher(release.strip());
        if (!m.find()) {
            throw new IllegalArgumentException("not a kernel version: \"" + release + "\" (expected e.g. 5.15 or 6.1.0-13-amd64)");
        }
        try {
            return new KernelVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("kernel version out of range: \"" + release + "\"", e);
        }
    }

    /** Whether this is at least {@code version} (e.g. "5.8"). */
    public boolean atLeast(String version) {
        return compareTo(parse(version)) >= 0;
    }

    /** KERNEL_VERSION(major, minor, patch) as the kernel encodes it (patch capped at 255). */
    public int code() {
        return (major << 16) | (Math.min(minor, 255) << 8) | Math.min(patch, 255);
    }

    @Override
    public int compareTo(KernelVersion o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
