package io.ebpf4j.kernel;

import java.util.Optional;

/**
 * The root of every error ebpf4j raises. It names the operation that failed, the errno the kernel or
 * libbpf returned (when there is one) and a remedy in plain words (when one is known).
 *
 * <p>Subclasses name the more specific cases: {@link MissingFeatureException} for a kernel feature
 * that is absent, {@link VerifierException} for a program the verifier refused,
 * {@link LibBpfUnavailableException} for a missing or too old libbpf.
 */
public class BpfException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final int errno;
    private final String remedy;

    /**
     * @param operation what was attempted, e.g. "bpf_object__load(xdp_counter.bpf.o)"
     * @param errno     the positive errno, or 0 when none applies
     * @param detail    extra words placed after the errno (may be null)
     * @param remedy    what the user can do (may be null)
     * @param cause     the underlying cause (may be null)
     */
    public BpfException(String operation, int errno, String detail, String remedy, Throwable cause) {
        super(format(operation, errno, detail, remedy), cause);
        this.operation = operation;
        this.errno = Math.abs(errno);
        this.remedy = remedy;
    }

    public BpfException(String operation, int errno, String detail, String remedy) {
        this(operation, errno, detail, remedy, null);
    }

    /** An error with no errno: a wrong argument or state found by ebpf4j itself. */
    public BpfException(String operation, String detail) {
        this(operation, 0, detail, null, null);
    }

    /** What was attempted. */
    public String operation() {
        return operation;
    }

    /** The errno, when the failure came with one. */
    public Optional<Errno> errno() {
        return errno == 0 ? Optional.empty() : Errno.of(errno);
    }

    /** The raw errno number, 0 when there is none. */
    public int errnoNumber() {
        return errno;
    }

    /** What the user can do about it, when known. */
    public Optional<String> remedy() {
        return Optional.ofNullable(remedy);
    }

    private static String format(String operation, int errno, String detail, String remedy) {
        StringBuilder sb = new StringBuilder(operation).append(" failed");
        if (errno != 0) {
            int n = Math.abs(errno);
            sb.append(": ").append(Errno.nameOf(n));
            Errno.of(n).ifPresent(e -> sb.append(" (").append(e.description()).append(')'));
        }
        if (detail != null && !detail.isBlank()) {
            sb.append(errno != 0 ? "; " : ": ").append(detail);
        }
        if (remedy != null && !remedy.isBlank()) {
            sb.append(". Remedy: ").append(remedy);
        }
        return sb.toString();
    }
}
