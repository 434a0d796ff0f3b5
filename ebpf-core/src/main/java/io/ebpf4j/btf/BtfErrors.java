package io.ebpf4j.btf;

import io.ebpf4j.kernel.Errno;
import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.MissingFeatureException;
import io.ebpf4j.internal.libbpf.LibBpf;
import io.ebpf4j.internal.ffi.Remedies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The errors of loading BTF, in plain words, and the checks on names that come before loading. */
final class BtfErrors {
    private static final Pattern MODULE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private BtfErrors() {}

    static MissingFeatureException noKernelBtf(int errno) {
        boolean sysfs = Files.exists(Btf.SYSFS_BTF.resolve("vmlinux"));
        String reason = sysfs
                ? "/sys/kernel/btf/vmlinux exists but libbpf could not load it (errno " + errno + ")"
                : "/sys/kernel/btf/vmlinux is absent: the kernel was built without CONFIG_DEBUG_INFO_BTF";
        return new MissingFeatureException("kernel BTF (CONFIG_DEBUG_INFO_BTF)", "5.4", reason,
                "use a kernel built with CONFIG_DEBUG_INFO_BTF=y (most distribution kernels since 2020), "
                        + "or download this kernel's BTF from BTFHub and load it with Btf.fromFile(path)",
                "Btf.fromFile(path) with BTF for this kernel");
    }

    static BpfException parseFailed(String what, int errno, boolean file) {
        String detail = switch (Errno.of(errno).orElse(null)) {
            case ENOENT -> file ? "it holds no BTF (no .BTF section: compile BPF C with clang -g)" : "no BTF found";
            case EINVAL, EBADMSG, EILSEQ -> "the BTF is malformed or truncated";
            case EOPNOTSUPP -> "it uses BTF features this libbpf does not support";
            case null, default -> null;
        };
        String remedy = errno == Errno.EPERM.number() || errno == Errno.EACCES.number() ? Remedies.PRIVILEGE
                : errno == Errno.EOPNOTSUPP.number() ? "use a newer libbpf (this one is " + libbpfVersion() + ")" : null;
        return new BpfException("parsing BTF from " + what, errno, detail, remedy, null);
    }

    static BpfException noSplitSupport() {
        return new BpfException("parsing split BTF", Errno.EOPNOTSUPP.number(), "libbpf " + libbpfVersion() + " has no btf__parse_split",
                "use libbpf 0.3 or newer", null);
    }

    /** Checks a module name and that the module's BTF is there; returns the sysfs file. */
    static Path checkModuleName(String name) {
        if (name == null || !MODULE_NAME.matcher(name).matches() || name.equals("vmlinux")) {
            throw new BpfException("loading the BTF of kernel module " + name, 22,
                    "not a kernel module name (letters, digits, '_' and '-'; not vmlinux)", null, null);
        }
        Path file = Btf.SYSFS_BTF.resolve(name);
        if (!Files.exists(file)) {
            String alt = name.replace('-', '_');
            String hint = !alt.equals(name) && Files.exists(Btf.SYSFS_BTF.resolve(alt)) ? " (did you mean " + alt + "?)" : "";
            throw new BpfException("loading the BTF of kernel module " + name, 2,
                    "/sys/kernel/btf/" + name + " does not exist" + hint,
                    "load the module (modprobe " + name + "); the kernel needs CONFIG_DEBUG_INFO_BTF_MODULES=y (5.11+). "
                            + "Modules with BTF here: " + moduleNames(), null);
        }
        return file;
    }

    static List<String> moduleNames() {
        if (!Files.isDirectory(Btf.SYSFS_BTF)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(Btf.SYSFS_BTF)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("vmlinux")).sorted().toList();
        } catch (IOException e) {
            throw new BpfException("listing " + Btf.SYSFS_BTF, 0, e.toString(), null, e);
        }
    }

    private static String libbpfVersion() {
        return LibBpf.isAvailable() ? LibBpf.get().version().toString() : "unavailable";
    }
}
