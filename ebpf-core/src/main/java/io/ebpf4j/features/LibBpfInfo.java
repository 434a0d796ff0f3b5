package io.ebpf4j.features;

/**
 * The libbpf ebpf4j uses.
 *
 * @param usable  whether it loaded
 * @param version its version ("" when unusable)
 * @param path    the file it was loaded from ("" when unusable)
 * @param problem why it is unusable, with the remedy ("" when usable)
 */
public record LibBpfInfo(boolean usable, String version, String path, String problem) {}
