package io.ebpf4j.features;

import io.ebpf4j.internal.libbpf.LibBpf;
import io.ebpf4j.kernel.LibBpfUnavailableException;

/**
 * The libbpf ebpf4j uses.
 *
 * @param usable  whether it loaded
 * @param version its version ("" when unusable)
 * @param path    the file it was loaded from ("" when unusable)
 * @param problem why it is unusable, with the remedy ("" when usable)
 */
public record LibBpfInfo(boolean usable, String version, String path, String problem) {
    /**
     * The libbpf of this JVM, loading and binding it on first use (the system one, or the one named by
     * {@code -Debpf4j.libbpf.path} or {@code EBPF4J_LIBBPF_PATH}). Never throws: an unusable libbpf is
     * reported with the reason.
     */
    public static LibBpfInfo current() {
        try {
            LibBpf lib = LibBpf.get();
            return new LibBpfInfo(true, lib.version().toString(), lib.path(), "");
        } catch (LibBpfUnavailableException e) {
            return new LibBpfInfo(false, "", "", e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            return new LibBpfInfo(false, "", "", "loading libbpf failed: " + e);
        }
    }
}
