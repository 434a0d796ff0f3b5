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

    /** The prebuilt XDP counter that ebpf-native ships. */
    public static ObjectSpec xdpCounter() {
        return ObjectSpec.open(Prebuilt.bundled().bytes("xdp_counter"), "xdp_counter");
    }
}
