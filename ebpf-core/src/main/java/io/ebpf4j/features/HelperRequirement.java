package io.ebpf4j.features;

import io.ebpf4j.kernel.Requirement;
import io.ebpf4j.kernel.ProgramType;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A requirement on one BPF helper in one program type, e.g.
 * {@code new HelperRequirement(ProgramType.KPROBE, "bpf_probe_write_user")}. Only helpers the
 * report probed can be checked ({@link CapabilityReport#helpers()}); others are reported as unknown.
 *
 * @param programType the program type that calls the helper
 * @param helper      the helper's name with or without the {@code bpf_} prefix
 */
public record HelperRequirement(ProgramType programType, String helper) implements Requirement {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    public HelperRequirement {
        Objects.requireNonNull(programType, "programType");
        if (helper == null || !NAME.matcher(helper.strip()).matches()) {
            throw new IllegalArgumentException("not a BPF helper name: \"" + helper
                    + "\" (expected lower case like bpf_ringbuf_output)");
        }
        helper = helper.strip().startsWith("bpf_") ? helper.strip() : "bpf_" + helper.strip();
    }

    @Override
    public String describe() {
        return "helper " + helper + " in " + programType.describe();
    }
}
