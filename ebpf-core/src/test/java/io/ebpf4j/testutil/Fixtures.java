package io.ebpf4j.testutil;

import io.ebpf4j.ObjectSpec;
import io.ebpf4j.prebuilt.Prebuilt;

/** The fixture objects of ebpf-core's tests (ebpf-core/src/test/bpf), checked against their manifest. */
public final class Fixtures {
    private static final Prebuilt SET = Prebuilt.fromClasspath(Fixtures.class.getClassLoader(), "bpf");

    private Fixtures() {}

    public static byte[] bytes(String name) {
        return SET.bytes(name);
    }

    /** Opens fixture {@code name} (e.g. "tracing"). */
    public static ObjectSpec open(String name) {
        return ObjectSpec.open(bytes(name), name);
    }

    /**
     * The tracing fixture, with its fentry program left out when this kernel cannot load it (no BPF
     * trampolines), so the other programs load.
     */
    public static ObjectSpec tracing() {
        ObjectSpec spec = open("tracing");
        if (!io.ebpf4j.features.KernelCapabilities.cached().has(io.ebpf4j.features.KernelFeature.FENTRY_ATTACH)) {
            spec.program("fentry_openat2").setAutoload(false);
        }
        return spec;
    }

    /** The prebuilt XDP counter that ebpf-native ships. */
    public static ObjectSpec xdpCounter() {
        return ObjectSpec.open(Prebuilt.bundled().bytes("xdp_counter"), "xdp_counter");
    }
}
