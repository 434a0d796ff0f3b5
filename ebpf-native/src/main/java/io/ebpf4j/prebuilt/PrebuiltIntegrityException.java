package io.ebpf4j.prebuilt;

/**
 * Thrown when a prebuilt BPF object cannot be handed out safely: it is not listed in its
 * manifest, it is listed but absent, its SHA-256 differs from the manifest, or the manifest
 * itself is missing or malformed.
 *
 * <p>This is a plain {@link IllegalStateException} because {@code ebpf-native} has no
 * dependencies; it signals a broken or tampered build artifact, not a kernel error.
 */
public final class PrebuiltIntegrityException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** The object file (or manifest) the failure is about, e.g. {@code xdp_counter.bpf.o}. */
    private final String fileName;

    /**
     * Creates the exception.
     *
     * @param fileName the object or manifest file concerned
     * @param message  what is wrong and what to do about it
     */
    public PrebuiltIntegrityException(String fileName, String message) {
        super(message);
        this.fileName = fileName;
    }

    /**
     * Creates the exception with a cause (typically an I/O failure).
     *
     * @param fileName the object or manifest file concerned
     * @param message  what is wrong and what to do about it
     * @param cause    the underlying failure
     */
    public PrebuiltIntegrityException(String fileName, String message, Throwable cause) {
        super(message, cause);
        this.fileName = fileName;
    }

    /**
     * Returns the file the failure is about.
     *
     * @return the object or manifest file name, never null
     */
    public String fileName() {
        return fileName;
    }
}
