package io.ebpf4j.examples;

import io.ebpf4j.features.Availability;
import io.ebpf4j.features.CapabilityReport;
import io.ebpf4j.features.HelperSupport;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.features.Mount;
import java.util.Map;

/** The doctor report as JSON, for machines. */
final class DoctorJson {
    private DoctorJson() {}

    static String render(CapabilityReport r) {
        JsonWriter w = new JsonWriter().beginObject();
        w.field("ok", r.basicsMissing().isEmpty());
        w.name("basicsMissing").beginArray();
        r.basicsMissing().forEach(w::value);
        w.endArray();
        w.field("probedAt", r.probedAt().toString());
        w.name("kernel").beginObject().field("release", r.kernel().release())
                .field("version", r.kernel().version().map(Object::toString).orElse(null))
                .field("machine", r.kernel().machine()).endObject();
        w.name("libbpf").beginObject().field("usable", r.libbpf().usable()).field("version", r.libbpf().version())
                .field("path", r.libbpf().path()).field("problem", r.libbpf().problem()).endObject();
        var p = r.privileges();
        w.name("privileges").beginObject().field("uid", p.uid())
                .field("capEff", String.format("%016x", p.effectiveCapabilities()))
                .field("capBpf", p.capBpf()).field("capPerfmon", p.capPerfmon()).field("capNetAdmin", p.capNetAdmin())
                .field("capSysAdmin", p.capSysAdmin()).field("unprivilegedBpfDisabled", p.unprivilegedBpfDisabled());
        availability(w.name("bpfSyscall"), p.bpfSyscall());
        w.endObject();
        w.name("filesystems").beginObject();
        mount(w, "bpffs", r.filesystems().bpffs());
        mount(w, "tracefs", r.filesystems().tracefs());
        mount(w, "securityfs", r.filesystems().securityfs());
        w.endObject();
        w.name("btf").beginObject();
        availability(w.name("vmlinux"), r.btf().vmlinux());
        w.name("modules").beginArray();
        r.btf().modules().forEach(w::value);
        w.endArray();
        availability(w.name("coRe"), r.btf().coRe());
        w.endObject();
        w.name("lockdown").beginObject().field("mode", r.lockdown().mode().name().toLowerCase(java.util.Locale.ROOT))
                .field("source", r.lockdown().source()).field("hint", r.lockdown().hint()).name("takesAway").beginArray();
        r.lockdown().takesAway().forEach(w::value);
        w.endArray().endObject();
        w.name("jit").beginObject().field("enable", r.jit().enable()).field("harden", r.jit().harden())
                .field("kallsyms", r.jit().kallsyms()).field("alwaysOn", r.jit().alwaysOn().map(String::valueOf).orElse(null))
                .endObject();
        w.name("kernelConfig").beginObject().field("source", r.config().source().orElse(null))
                .field("options", r.config().values().size()).field("absentReason", r.config().absentReason()).endObject();
        w.name("features").beginObject();
        for (Map.Entry<KernelFeature, Availability> e : r.features().entrySet()) {
            availability(w.name(e.getKey().name()), e.getValue());
        }
        w.endObject();
        w.name("featureInfo").beginObject();
        for (KernelFeature f : KernelFeature.values()) {
            w.name(f.name()).beginObject().field("description", f.describe()).field("sinceKernel", f.sinceKernel())
                    .field("fallback", f.fallback().orElse(null)).endObject();
        }
        w.endObject();
        w.name("programTypes").beginObject();
        r.programTypes().forEach((t, a) -> availability(w.name(t.name().toLowerCase(java.util.Locale.ROOT)), a));
        w.endObject();
        w.name("mapTypes").beginObject();
        r.mapTypes().forEach((t, a) -> availability(w.name(t.name().toLowerCase(java.util.Locale.ROOT)), a));
        w.endObject();
        w.name("helpers").beginArray();
        for (HelperSupport h : r.helpers()) {
            w.beginObject().field("programType", h.programType().name().toLowerCase(java.util.Locale.ROOT))
                    .field("helper", h.helper()).field("id", h.id());
            availability(w.name("availability"), h.availability());
            w.endObject();
        }
        w.endArray();
        return w.endObject().toString();
    }

    private static void mount(JsonWriter w, String name, Mount m) {
        w.name(name).beginObject().field("type", m.type()).field("mountPoint", m.mountPoint().orElse(null))
                .field("kernelSupportsIt", m.kernelSupportsIt()).field("mountCommand", m.mountCommand()).endObject();
    }

    private static void availability(JsonWriter w, Availability a) {
        w.beginObject().field("status", a.status().name()).field("detail", a.detail()).field("remedy", a.remedy()).endObject();
    }
}
