package io.ebpf4j.internal.libbpf;

/**
 * The version of the loaded libbpf. {@code patch} is -1 when it cannot be known (libbpf has no API
 * for it; it is read from the versioned file name when there is one).
 */
public record LibBpfVersion(int major, int minor, int patch, String path) implements Comparable<LibBpfVersion> {

    /** Whether this version is at least {@code major.minor}. */
    public boolean atLeast(int major, int minor) {
        return this.major > major || (this.major == major && this.minor >= minor);
    }

    @Override
    public int compareTo(LibBpfVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) c = Integer.compare(minor, o.minor);
        if (c == 0) c = Integer.compare(patch, o.patch);
        return c;
    }

    @Override
    public String toString() {
        return patch >= 0 ? major + "." + minor + "." + patch : major + "." + minor;
    }
}
