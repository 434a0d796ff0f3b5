package io.ebpf4j.features;

import io.ebpf4j.kernel.Errno;
import io.ebpf4j.kernel.MapType;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.internal.libbpf.LibBpf;
import io.ebpf4j.internal.libbpf.ProbeCalls;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/** Program and map types, by libbpf's probes (each a real program load or map create). */
final class TypeProbe {

    private TypeProbe() {}

    static Map<ProgramType, Availability> programTypes(Availability canLoad) {
        return probeAll(ProgramType.class, ProgramType.UNSPEC, t -> verdict(canLoad, t.value(), t.kernelName(),
                ProbeCalls::probeProgramType, "program load"));
    }

    static Map<MapType, Availability> mapTypes(Availability canLoad) {
        return probeAll(MapType.class, MapType.UNSPEC, t -> verdict(canLoad, t.value(), t.kernelName(),
                ProbeCalls::probeMapType, "map create"));
    }

    private static <E extends Enum<E>> Map<E, Availability> probeAll(Class<E> type, E skip,
                                                                     java.util.function.Function<E, Availability> probe) {
        Map<E, Availability> out = new EnumMap<>(type);
        for (E t : type.getEnumConstants()) {
            if (t != skip) {
                out.put(t, probe.apply(t));
            }
        }
        return out;
    }

    private static Availability verdict(Availability canLoad, int value, String name, IntUnaryOperator probe, String how) {
        if (!canLoad.isAvailable()) {
            // libbpf's probes read any failure, EPERM included, as "unsupported": do not ask them.
            return ProbeLoads.notProbed(canLoad);
        }
        int r = probe.applyAsInt(value);
        if (r == 1) {
            return Availability.available("libbpf probe " + how + " succeeded");
        }
        if (r == 0) {
            return Availability.unavailable("the kernel refused a probe " + how + " of " + name, null);
        }
        if (r == -Errno.EOPNOTSUPP.number()) {
            return Availability.unknown("libbpf " + LibBpf.get().version() + " cannot probe " + name
                    + " (EOPNOTSUPP)", "a newer libbpf can");
        }
        return ProbeLoads.cannotProbe(r, name);
    }
}
