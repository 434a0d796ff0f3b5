package io.ebpf4j.kernel;

import java.util.Optional;

/**
 * A kernel (or libbpf) feature that the running system lacks. Names the feature, the kernel version
 * that first has it (when that is the question) and the fallback ebpf4j offers, if any.
 */
public class MissingFeatureException extends BpfException {
    private static final long serialVersionUID = 1L;

    private final String feature;
    private final String sinceKernel;
    private final String fallback;

    /**
     * @param feature     the feature, e.g. "kprobe attach"
     * @param sinceKernel the first kernel version that has it, e.g. "5.8" (may be null)
     * @param reason      why it is missing here, e.g. "CONFIG_KPROBES is not set"
     * @param remedy      what to do (may be null)
     * @param fallback    what ebpf4j can use instead (may be null)
     */
    public MissingFeatureException(String feature, String sinceKernel, String reason, String remedy, String fallback) {
        super(feature, 0, describe(sinceKernel, reason, fallback), remedy);
        this.feature = feature;
        this.sinceKernel = sinceKernel;
        this.fallback = fallback;
    }

    /** The missing feature. */
    public String feature() {
        return feature;
    }

    /** The first kernel version that has the feature, when known. */
    public Optional<String> sinceKernel() {
        return Optional.ofNullable(sinceKernel);
    }

    /** What ebpf4j can use instead, when there is something. */
    public Optional<String> fallback() {
        return Optional.ofNullable(fallback);
    }

    private static String describe(String sinceKernel, String reason, String fallback) {
        StringBuilder sb = new StringBuilder("not available on this system");
        if (reason != null && !reason.isBlank()) {
            sb.append(" (").append(reason).append(')');
        }
        if (sinceKernel != null) {
            sb.append("; in Linux since ").append(sinceKernel);
        }
        if (fallback != null) {
            sb.append("; fallback: ").append(fallback);
        }
        return sb.toString();
    }
}
