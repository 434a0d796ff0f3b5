package io.ebpf4j.kernel;

/**
 * The system libbpf could not be used: not found, not loadable, or older than ebpf4j supports.
 * Thrown instead of letting the JVM crash on a missing symbol.
 */
public final class LibBpfUnavailableException extends BpfException {
    private static final long serialVersionUID = 1L;

    public LibBpfUnavailableException(String detail, String remedy, Throwable cause) {
        super("loading libbpf", 0, detail, remedy, cause);
    }
}
