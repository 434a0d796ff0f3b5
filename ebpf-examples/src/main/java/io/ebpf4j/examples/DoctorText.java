package io.ebpf4j.examples;

import io.ebpf4j.kernel.MapType;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.features.Availability;
import io.ebpf4j.features.CapabilityReport;
import io.ebpf4j.features.HelperSupport;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.features.Mount;
import io.ebpf4j.features.Status;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The doctor report as a grouped, human-readable table. */
final class DoctorText {
    private static final int NAME = 36;
    private static final List<KernelFeature> ATTACH = List.of(KernelFeature.TRACEPOINT_ATTACH,
            KernelFeature.RAW_TRACEPOINT_ATTACH, KernelFeature.KPROBE_ATTACH, KernelFeature.UPROBE_ATTACH,
            KernelFeature.FENTRY_ATTACH, KernelFeature.LSM_ATTACH, KernelFeature.XDP_ATTACH, KernelFeature.TC_ATTACH,
            KernelFeature.BPF_LINK, KernelFeature.PROG_TEST_RUN, KernelFeature.RING_BUFFER, KernelFeature.PERF_BUFFER,
            KernelFeature.BATCH_OPS, KernelFeature.MMAPABLE_ARRAY);

    /** The tag of a row that is not there and not needed. */
    static final String NOT_NEEDED = "[--]";
    static final String CAP_SYS_ADMIN_NOT_NEEDED = "not needed: CAP_BPF, CAP_PERFMON and CAP_NET_ADMIN cover loading "
            + "programs and maps, tracing and XDP/tc (the rows above); CAP_SYS_ADMIN adds entering other network "
            + "namespaces (NetNs) and looking BPF objects up by id";

    private final StringBuilder sb = new StringBuilder();
    /** Remedies already printed in full: repeats are shortened to a pointer. */
    private final java.util.Map<String, String> remedies = new java.util.HashMap<>();

    private DoctorText() {}

    static String render(CapabilityReport r) {
        return new DoctorText().all(r).sb.toString();
    }

    private DoctorText all(CapabilityReport r) {
        section("kernel");
        info("release", r.kernel().release() + " (" + r.kernel().machine() + ")");
        info("version", r.kernel().version().map(Object::toString).orElse("unknown"));
        info("kernel config", r.config().source().map(s -> s + " (" + r.config().values().size() + " options)")
                .orElse("absent: " + r.config().absentReason()));

        section("libbpf");
        if (r.libbpf().usable()) {
            row("libbpf", Availability.available(r.libbpf().version() + " at " + r.libbpf().path()), null, null);
        } else {
            row("libbpf", Availability.unavailable(r.libbpf().problem(), null), null, null);
        }

        section("privileges");
        info("uid", Integer.toString(r.privileges().uid()));
        feature(r, KernelFeature.BPF_SYSCALL);
        feature(r, KernelFeature.CAP_BPF);
        feature(r, KernelFeature.CAP_PERFMON);
        feature(r, KernelFeature.CAP_NET_ADMIN);
        capSysAdmin(r);
        int unpriv = r.privileges().unprivilegedBpfDisabled();
        info("unprivileged_bpf_disabled", unpriv < 0 ? "unknown" : unpriv + (unpriv == 0
                ? " (unprivileged users may load socket filters)" : " (only privileged users may use bpf())"));

        section("filesystems");
        mount(r.filesystems().bpffs(), KernelFeature.BPFFS.describe());
        mount(r.filesystems().tracefs(), KernelFeature.TRACEFS.describe());
        mount(r.filesystems().securityfs(), "securityfs mounted");

        section("BTF / CO-RE");
        feature(r, KernelFeature.BTF);
        info("module BTF", r.btf().modules().isEmpty() ? "none" : String.join(", ", r.btf().modules()));
        feature(r, KernelFeature.CO_RE);

        section("attach kinds and kernel interfaces");
        ATTACH.forEach(f -> feature(r, f));

        section("program types");
        for (Map.Entry<ProgramType, Availability> e : r.programTypes().entrySet()) {
            row(e.getKey().name().toLowerCase(Locale.ROOT), e.getValue(), null, "since Linux " + e.getKey().sinceKernel());
        }
        section("map types");
        for (Map.Entry<MapType, Availability> e : r.mapTypes().entrySet()) {
            row(e.getKey().name().toLowerCase(Locale.ROOT), e.getValue(), null, "since Linux " + e.getKey().sinceKernel());
        }
        section("helpers (each decided by a real program load)");
        ProgramType last = null;
        for (HelperSupport h : r.helpers()) {
            if (h.programType() != last) {
                sb.append("  ").append(h.programType().describe()).append(":\n");
                last = h.programType();
            }
            row("  " + h.helper(), h.availability(), null, null);
        }

        section("lockdown");
        info("mode", r.lockdown().mode().name().toLowerCase(Locale.ROOT) + " (" + r.lockdown().source() + ")");
        if (!r.lockdown().hint().isBlank()) {
            info("hint", r.lockdown().hint());
        }
        info("takes away", r.lockdown().takesAway().isEmpty() ? "nothing" : String.join("; ", r.lockdown().takesAway()));

        section("JIT");
        info("jit", r.jit().describe());

        List<String> basics = r.basicsMissing();
        section("verdict");
        sb.append(basics.isEmpty() ? "  the basics are there: libbpf usable, BPF programs load\n"
                : "  BASICS MISSING:\n    - " + String.join("\n    - ", basics) + "\n");
        return this;
    }

    /**
     * CAP_SYS_ADMIN is never required by itself: CAP_BPF, CAP_PERFMON and CAP_NET_ADMIN cover what
     * it would (their rows say when they are missing). Without it the row says what it would add.
     */
    private void capSysAdmin(CapabilityReport r) {
        Availability a = r.availability(KernelFeature.CAP_SYS_ADMIN);
        if (a.isAvailable() || a.status() == Status.UNKNOWN) {
            feature(r, KernelFeature.CAP_SYS_ADMIN);
            return;
        }
        sb.append(String.format("  %-9s %-" + NAME + "s %s%n", NOT_NEEDED, KernelFeature.CAP_SYS_ADMIN.describe(),
                "not effective; " + CAP_SYS_ADMIN_NOT_NEEDED));
    }

    private void section(String title) {
        sb.append('\n').append(title.toUpperCase(Locale.ROOT)).append('\n');
    }

    private void info(String name, String value) {
        sb.append(String.format("  %-9s %-" + NAME + "s %s%n", "", name, value));
    }

    private void mount(Mount m, String name) {
        row(name, m.availability(), null, null);
    }

    private void feature(CapabilityReport r, KernelFeature f) {
        Availability a = r.availability(f);
        row(f.describe(), a, a.isAvailable() ? null : f.fallback().orElse(null), a.isAvailable() ? null : "since Linux " + f.sinceKernel());
    }

    private void row(String name, Availability a, String fallback, String since) {
        String when = a.status() == Status.UNAVAILABLE && since != null ? " [" + since + "]" : "";
        sb.append(String.format("  %-9s %-" + NAME + "s %s%s%n", tag(a.status()), name, a.detail(), when));
        if (!a.isAvailable()) {
            if (!a.remedy().isBlank()) {
                String first = remedies.putIfAbsent(a.remedy(), name.strip());
                String text = first == null ? a.remedy() : "as for \"" + first + "\" above";
                sb.append(String.format("  %-9s %-" + NAME + "s remedy: %s%n", "", "", text));
            }
            if (fallback != null) {
                sb.append(String.format("  %-9s %-" + NAME + "s fallback: %s%n", "", "", fallback));
            }
        }
    }

    private static String tag(Status s) {
        return switch (s) {
            case AVAILABLE -> "[ok]";
            case NEEDS_SETUP -> "[setup]";
            case UNAVAILABLE -> "[MISSING]";
            case UNKNOWN -> "[?]";
        };
    }
}
