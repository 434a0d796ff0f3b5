package io.ebpf4j.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.ebpf4j.features.Availability;
import io.ebpf4j.features.CapabilityReport;
import io.ebpf4j.features.HelperSupport;
import io.ebpf4j.features.KernelFeature;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The doctor report as JSON, for machines: the records below are the shape of the output (members in
 * declaration order, absent values as {@code null}), filled from the typed {@link CapabilityReport}
 * and written by Jackson on one line. They are copies, not the library's records, so that the output
 * only changes when this file does.
 */
final class DoctorJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private DoctorJson() {}

    static String render(CapabilityReport r) {
        try {
            return MAPPER.writeValueAsString(Report.of(r));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("writing the doctor report as JSON", e);
        }
    }

    /** The whole report; {@code ok} is true when nothing in {@code basicsMissing}. */
    record Report(boolean ok, List<String> basicsMissing, String probedAt, Kernel kernel, Libbpf libbpf,
                  Privileges privileges, Filesystems filesystems, Btf btf, Lockdown lockdown, Jit jit,
                  KernelConfig kernelConfig, Map<String, Verdict> features, Map<String, FeatureInfo> featureInfo,
                  Map<String, Verdict> programTypes, Map<String, Verdict> mapTypes, List<Helper> helpers) {
        static Report of(CapabilityReport r) {
            var k = r.kernel();
            var l = r.libbpf();
            var p = r.privileges();
            var fs = r.filesystems();
            var btf = r.btf();
            var ld = r.lockdown();
            var jit = r.jit();
            var config = r.config();
            return new Report(r.basicsMissing().isEmpty(), r.basicsMissing(), r.probedAt().toString(),
                    new Kernel(k.release(), k.version().map(Object::toString).orElse(null), k.machine()),
                    new Libbpf(l.usable(), l.version(), l.path(), l.problem()),
                    new Privileges(p.uid(), String.format("%016x", p.effectiveCapabilities()), p.capBpf(), p.capPerfmon(),
                            p.capNetAdmin(), p.capSysAdmin(), p.unprivilegedBpfDisabled(), Verdict.of(p.bpfSyscall())),
                    new Filesystems(Mount.of(fs.bpffs()), Mount.of(fs.tracefs()), Mount.of(fs.securityfs())),
                    new Btf(Verdict.of(btf.vmlinux()), btf.modules(), Verdict.of(btf.coRe())),
                    new Lockdown(lower(ld.mode()), ld.source(), ld.hint(), ld.takesAway()),
                    new Jit(jit.enable(), jit.harden(), jit.kallsyms(), jit.alwaysOn().map(String::valueOf).orElse(null)),
                    new KernelConfig(config.source().orElse(null), config.values().size(), config.absentReason()),
                    verdicts(r.features(), Enum::name),
                    ordered(Arrays.asList(KernelFeature.values()), Enum::name, FeatureInfo::of),
                    verdicts(r.programTypes(), DoctorJson::lower),
                    verdicts(r.mapTypes(), DoctorJson::lower),
                    r.helpers().stream().map(Helper::of).toList());
        }
    }

    /** {@code version} is null when the release could not be parsed. */
    record Kernel(String release, String version, String machine) {}

    /** {@code problem} is empty when {@code usable}. */
    record Libbpf(boolean usable, String version, String path, String problem) {}

    /** {@code capEff} is the CapEff mask in 16 hex digits. */
    record Privileges(int uid, String capEff, boolean capBpf, boolean capPerfmon, boolean capNetAdmin,
                      boolean capSysAdmin, int unprivilegedBpfDisabled, Verdict bpfSyscall) {}

    record Filesystems(Mount bpffs, Mount tracefs, Mount securityfs) {}

    /** {@code mountPoint} is null when not mounted. */
    record Mount(String type, String mountPoint, boolean kernelSupportsIt, String mountCommand) {
        static Mount of(io.ebpf4j.features.Mount m) {
            return new Mount(m.type(), m.mountPoint().orElse(null), m.kernelSupportsIt(), m.mountCommand());
        }
    }

    record Btf(Verdict vmlinux, List<String> modules, Verdict coRe) {}

    /** {@code mode} in lower case: none, integrity, confidentiality, unknown. */
    record Lockdown(String mode, String source, String hint, List<String> takesAway) {}

    /** {@code alwaysOn} is "true", "false" or null when unknown. */
    record Jit(int enable, int harden, int kallsyms, String alwaysOn) {}

    /** {@code source} is null when absent ({@code absentReason} says why); {@code options} counts the options read. */
    record KernelConfig(String source, int options, String absentReason) {}

    /** An {@link Availability}: {@code status} is AVAILABLE, NEEDS_SETUP, UNAVAILABLE or UNKNOWN. */
    record Verdict(String status, String detail, String remedy) {
        static Verdict of(Availability a) {
            return new Verdict(a.status().name(), a.detail(), a.remedy());
        }
    }

    /** What a {@link KernelFeature} is; {@code fallback} is null when ebpf4j has none. */
    record FeatureInfo(String description, String sinceKernel, String fallback) {
        static FeatureInfo of(KernelFeature f) {
            return new FeatureInfo(f.describe(), f.sinceKernel(), f.fallback().orElse(null));
        }
    }

    /** One probed helper; {@code programType} in lower case. */
    record Helper(String programType, String helper, int id, Verdict availability) {
        static Helper of(HelperSupport h) {
            return new Helper(lower(h.programType()), h.helper(), h.id(), Verdict.of(h.availability()));
        }
    }

    private static <K> Map<String, Verdict> verdicts(Map<K, Availability> m, Function<K, String> name) {
        return ordered(m.keySet(), name, k -> Verdict.of(m.get(k)));
    }

    /** A map keeping the order of {@code keys} (the enums' order). */
    private static <K, V> Map<String, V> ordered(Iterable<K> keys, Function<K, String> name, Function<K, V> value) {
        Map<String, V> out = new LinkedHashMap<>();
        keys.forEach(k -> out.put(name.apply(k), value.apply(k)));
        return out;
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
