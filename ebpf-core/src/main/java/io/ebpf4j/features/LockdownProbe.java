package io.ebpf4j.features;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the lockdown mode from securityfs, with the kernel config as a hint when it cannot. */
final class LockdownProbe {
    private static final Pattern ACTIVE = Pattern.compile("\\[(\\w+)]");

    private LockdownProbe() {}

    static Lockdown probe(Mount securityfs, KernelConfig config) {
        Lockdown.Mode forced = forcedByConfig(config);
        String hint = forced == Lockdown.Mode.NONE ? "" : "CONFIG_LOCK_DOWN_KERNEL_FORCE_" + forced.name()
                + "=y: the kernel starts with lockdown at least " + forced.name().toLowerCase(java.util.Locale.ROOT);
        if (securityfs.mountPoint().isEmpty()) {
            return new Lockdown(Lockdown.Mode.UNKNOWN, "unknown: securityfs not mounted (" + securityfs.mountCommand() + ")",
                    hint, forced);
        }
        String file = securityfs.mountPoint().get() + "/lockdown";
        Optional<String> line = SysFiles.firstLine(file);
        if (line.isEmpty()) {
            return new Lockdown(Lockdown.Mode.NONE, file + " absent: the lockdown LSM is not active", "", forced);
        }
        return new Lockdown(parse(line.get()), file + ": " + line.get(), "", forced);
    }

    /** "none [integrity] confidentiality" -> INTEGRITY. */
    static Lockdown.Mode parse(String line) {
        Matcher m = ACTIVE.matcher(line);
        if (!m.find()) {
            return Lockdown.Mode.UNKNOWN;
        }
        return switch (m.group(1)) {
            case "none" -> Lockdown.Mode.NONE;
            case "integrity" -> Lockdown.Mode.INTEGRITY;
            case "confidentiality" -> Lockdown.Mode.CONFIDENTIALITY;
            default -> Lockdown.Mode.UNKNOWN;
        };
    }

    private static Lockdown.Mode forcedByConfig(KernelConfig config) {
        for (Lockdown.Mode mode : new Lockdown.Mode[] {Lockdown.Mode.CONFIDENTIALITY, Lockdown.Mode.INTEGRITY}) {
            if (config.enabled("CONFIG_LOCK_DOWN_KERNEL_FORCE_" + mode.name()).orElse(false)) {
                return mode;
            }
        }
        return Lockdown.Mode.NONE;
    }
}
