package io.ebpf4j.features;

import io.ebpf4j.kernel.Requirement;
import io.ebpf4j.kernel.MapType;
import io.ebpf4j.kernel.ProgramType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What this kernel and process can do with BPF, probed once by {@link KernelCapabilities}. Immutable.
 * Every verdict is an {@link Availability} with its evidence; program types, map types, helpers and
 * the feature rows that need it come from real loads, not from version numbers.
 *
 * @param probedAt     when the probe ran
 * @param kernel       release and version
 * @param libbpf       the libbpf in use, or why none is
 * @param privileges   capabilities and whether programs can be loaded
 * @param filesystems  bpffs, tracefs, securityfs
 * @param btf          kernel BTF and CO-RE readiness
 * @param lockdown     kernel lockdown mode
 * @param jit          JIT compiler state
 * @param config       the kernel build configuration, if readable
 * @param programTypes every program type ebpf4j knows, probed
 * @param mapTypes     every map type ebpf4j knows, probed
 * @param helpers      selected helpers per program type, probed
 * @param features     every {@link KernelFeature}
 */
public record CapabilityReport(Instant probedAt, KernelInfo kernel, LibBpfInfo libbpf, Privileges privileges,
                               Filesystems filesystems, BtfInfo btf, Lockdown lockdown, Jit jit, KernelConfig config,
                               Map<ProgramType, Availability> programTypes, Map<MapType, Availability> mapTypes,
                               List<HelperSupport> helpers, Map<KernelFeature, Availability> features) {
    public CapabilityReport {
        programTypes = Collections.unmodifiableMap(new EnumMap<>(programTypes));
        mapTypes = Collections.unmodifiableMap(new EnumMap<>(mapTypes));
        helpers = List.copyOf(helpers);
        features = Collections.unmodifiableMap(new EnumMap<>(features));
    }

    /**
     * The verdict for one requirement: a {@link KernelFeature}, {@link ProgramType}, {@link MapType} or
     * {@link HelperRequirement}. A helper outside {@link #helpers()} is probed by a real load the first
     * time it is asked for (once per JVM); requirement kinds this report does not know are
     * {@link Status#UNKNOWN}.
     */
    public Availability availability(Requirement requirement) {
        Availability a = switch (requirement) {
            case null -> throw new IllegalArgumentException("requirement is null");
            case KernelFeature f -> features.get(f);
            case ProgramType t -> t == ProgramType.UNSPEC ? unspec() : programTypes.get(t);
            case MapType t -> t == MapType.UNSPEC ? unspec() : mapTypes.get(t);
            case HelperRequirement h -> helper(h.programType(), h.helper()).map(HelperSupport::availability)
                    .orElseGet(() -> HelperProbe.onDemand(h, this));
            default -> Availability.unknown("this report cannot evaluate " + requirement.getClass().getName(), null);
        };
        return a == null ? Availability.unknown(requirement.describe() + " was not probed", null) : a;
    }

    /** Whether {@code requirement} is available now. */
    public boolean has(Requirement requirement) {
        return availability(requirement).isAvailable();
    }

    /** The probed verdict for {@code helper} in {@code type}, if it was probed. */
    public Optional<HelperSupport> helper(ProgramType type, String helper) {
        String name = helper.startsWith("bpf_") ? helper : "bpf_" + helper;
        return helpers.stream().filter(h -> h.programType() == type && h.helper().equals(name)).findFirst();
    }

    /**
     * Checks requirements: ok, or every missing one with reason, remedy, the kernel version that has
     * it and ebpf4j's fallback. Anything not {@link Status#AVAILABLE} counts as missing.
     */
    public CheckResult check(Requirement... requirements) {
        if (requirements == null) {
            throw new IllegalArgumentException("requirements array is null");
        }
        return check(List.of(requirements));
    }

    /** {@link #check(Requirement...)} for a collection. */
    public CheckResult check(java.util.Collection<? extends Requirement> requirements) {
        List<MissingRequirement> missing = new ArrayList<>();
        for (Requirement r : requirements) {
            Availability a = availability(r);
            if (!a.isAvailable()) {
                missing.add(new MissingRequirement(r, a.status(), a.detail(), a.remedy(), fallback(r), sinceKernel(r)));
            }
        }
        return new CheckResult(missing);
    }

    /**
     * The basics without which nothing works: a usable libbpf, the bpf() syscall, the privilege to
     * load programs. Empty when all are there.
     */
    public List<String> basicsMissing() {
        List<String> out = new ArrayList<>();
        if (!libbpf.usable()) {
            out.add("libbpf unusable: " + libbpf.problem());
        }
        Availability sys = privileges.bpfSyscall();
        if (libbpf.usable() && !sys.isAvailable()) {
            out.add("cannot load BPF programs: " + sys.detail() + (sys.remedy().isBlank() ? "" : ". Remedy: " + sys.remedy()));
        }
        return out;
    }

    private static Optional<String> fallback(Requirement r) {
        return switch (r) {
            case KernelFeature f -> f.fallback();
            case MapType t when t == MapType.RINGBUF -> KernelFeature.RING_BUFFER.fallback();
            case ProgramType t when t == ProgramType.TRACING -> KernelFeature.FENTRY_ATTACH.fallback();
            default -> Optional.empty();
        };
    }

    private static Optional<String> sinceKernel(Requirement r) {
        return switch (r) {
            case KernelFeature f -> Optional.of(f.sinceKernel());
            case ProgramType t -> Optional.of(t.sinceKernel());
            case MapType t -> Optional.of(t.sinceKernel());
            default -> Optional.empty();
        };
    }

    private static Availability unspec() {
        return Availability.unavailable("UNSPEC is not a real type", null);
    }
}
