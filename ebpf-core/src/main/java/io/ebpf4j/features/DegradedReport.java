package io.ebpf4j.features;

import io.ebpf4j.kernel.MapType;
import io.ebpf4j.kernel.ProgramType;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The report when probing itself failed: everything unknown, with the reason. */
final class DegradedReport {
    private DegradedReport() {}

    static CapabilityReport of(KernelInfo kernel, LibBpfInfo libbpf, String reason) {
        Availability unknown = Availability.unknown(reason, null);
        Map<KernelFeature, Availability> f = new EnumMap<>(KernelFeature.class);
        for (KernelFeature k : KernelFeature.values()) {
            f.put(k, unknown);
        }
        Map<ProgramType, Availability> p = new EnumMap<>(ProgramType.class);
        for (ProgramType t : ProgramType.values()) {
            p.put(t, unknown);
        }
        Map<MapType, Availability> m = new EnumMap<>(MapType.class);
        for (MapType t : MapType.values()) {
            m.put(t, unknown);
        }
        Mount none = new Mount("unknown", Optional.empty(), false, "");
        return new CapabilityReport(Instant.now(), kernel, libbpf,
                new Privileges(-1, -1, false, false, false, false, -1, unknown),
                new Filesystems(none, none, none), new BtfInfo(unknown, List.of(), unknown),
                new Lockdown(Lockdown.Mode.UNKNOWN, reason, "", Lockdown.Mode.NONE), new Jit(-1, -1, -1, Optional.empty()),
                KernelConfig.absent(reason), p, m, List.of(), f);
    }
}
