package io.ebpf4j;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How to open an object file.
 *
 * @param objectName    overrides the object's name (default: the file name without {@code .o})
 * @param btfCustomPath a BTF file to use for CO-RE relocations instead of the kernel's own
 *                      ({@code /sys/kernel/btf/vmlinux}): for kernels built without BTF, with a
 *                      BTFHub-style file
 * @param pinRoot       the directory where maps declared with {@code LIBBPF_PIN_BY_NAME} are pinned
 *                      (libbpf's default is {@code /sys/fs/bpf})
 */
public record OpenOptions(String objectName, Path btfCustomPath, Path pinRoot) {
    /** No overrides. */
    public static final OpenOptions DEFAULTS = new OpenOptions(null, null, null);

    public OpenOptions withObjectName(String name) {
        return new OpenOptions(name, btfCustomPath, pinRoot);
    }

    public OpenOptions withBtfCustomPath(Path path) {
        return new OpenOptions(objectName, path, pinRoot);
    }

    public OpenOptions withPinRoot(Path root) {
        return new OpenOptions(objectName, btfCustomPath, root);
    }

    public Optional<Path> btf() {
        return Optional.ofNullable(btfCustomPath);
    }
}
