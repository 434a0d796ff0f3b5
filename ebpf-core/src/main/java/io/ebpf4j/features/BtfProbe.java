package io.ebpf4j.features;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Kernel BTF files and CO-RE readiness. */
final class BtfProbe {
    static final String VMLINUX = "/sys/kernel/btf/vmlinux";

    private BtfProbe() {}

    static BtfInfo probe(KernelInfo kernel) {
        Path vmlinux = Path.of(VMLINUX);
        Availability v;
        if (Files.isReadable(vmlinux)) {
            v = Availability.available(VMLINUX + " (" + size(vmlinux) + " bytes)");
        } else if (Files.exists(vmlinux)) {
            v = Availability.unavailable(VMLINUX + " exists but is not readable by this user", "run as root");
        } else {
            v = Availability.unavailable("no " + VMLINUX + " (kernel built without CONFIG_DEBUG_INFO_BTF)",
                    "use a kernel with CONFIG_DEBUG_INFO_BTF=y, or give ebpf4j an external BTF file (BTFHub)");
        }
        List<String> modules = SysFiles.list("/sys/kernel/btf").stream().filter(n -> !n.equals("vmlinux")).toList();
        Availability coRe;
        if (!v.isAvailable()) {
            coRe = Availability.unavailable("no kernel BTF: " + v.detail(), v.remedy());
        } else if (kernel.version().isEmpty()) {
            coRe = Availability.unknown("kernel version unknown (" + kernel.release() + ")", null);
        } else if (!kernel.atLeast("5.8")) {
            coRe = Availability.unavailable("kernel " + kernel.version().get() + " is older than 5.8", "Linux 5.8 or newer");
        } else {
            coRe = Availability.available("kernel BTF present and kernel " + kernel.version().get() + " >= 5.8");
        }
        return new BtfInfo(v, modules, coRe);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
