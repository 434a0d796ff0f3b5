package io.ebpf4j.features;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the lockdown mode from securityfs, with the kernel config as a hint when it cannot. */
final class LockdownProbe {
    private static final Pattern ACTIVE = Pattern.compile("\\[(\\w+)]");

    private LockdownProbe() {}

    static Lockdown probe(Mount securityfs, KernelConfig config) {
        String hint = configHint(config);
        if (securityfs.mountPoint().isEmpty()) {
            return new Lockdown(Lockdown.Mode.UNKNOWN, "unknown: securityfs not mounted (" + securityfs.mountCommand() + ")", hint);
        }
        String file = securityfs.mountPoint().get() + "/lockdown";
        Optional<String> line = SysFiles.firstLine(file);
        if (line.isEmpty()) {
            return new Lockdown(Lockdown.Mode.NONE, file + " absent: the lockdown LSM is not active", "");
        }
        return new Lockdown(parse(line.get()), file + ": " + line.get(), "");
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

    private static String configHint(KernelConfig config) {
        for (String mode : new String[] {"CONFIDENTIALITY", "INTEGRITY", "NONE"}) {
            String option = "CONFIG_LOCK_DOWN_KERNEL_FORCE_" + mode;
            if (config.enabled(option).orElse(false)) {
                return option + "=y: the kernel starts with lockdown at least " + mode.toLowerCase(java.util.Locale.ROOT);
            }
        }
        return "";
    }
}
