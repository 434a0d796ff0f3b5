package io.ebpf4j.hooks.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ebpf4j.TestRunResult;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/** Runs a frame through the kernel and checks verdict and every counter against the model. */
final class Expectations {
    private Expectations() {}

    static Model.Verdict runAndCheck(MeshFixture fx, byte[] frame) {
        Model.Verdict want = fx.model.classify(frame);
        GlobalStats g0 = fx.filter.stats().global();
        Map<Integer, Counters> c0 = snapshot(fx);
        TestRunResult r = fx.run(frame);
        String what = want + " for " + HexFormat.of().formatHex(frame);
        assertEquals(want.action(), r.returnValue(), "verdict " + what);
        GlobalStats g1 = fx.filter.stats().global();
        Map<Integer, Counters> c1 = snapshot(fx);
        assertEquals(1, g1.frames() - g0.frames(), "frames " + what);
        assertEquals(frame.length, g1.bytes() - g0.bytes(), "bytes " + what);
        assertEquals(want.kind() == Model.Kind.UNPARSED ? 1 : 0, g1.unparsed() - g0.unparsed(), "unparsed " + what);
        assertEquals(want.kind() == Model.Kind.MALFORMED_L2 ? 1 : 0, g1.malformed() - g0.malformed(), "malformed " + what);
        assertEquals(want.kind() == Model.Kind.PROBE_FOREIGN ? 1 : 0, g1.probeForeign() - g0.probeForeign(), what);
        assertEquals(want.kind() == Model.Kind.PROBE_MALFORMED ? 1 : 0, g1.probeMalformed() - g0.probeMalformed(), what);
        for (int id : c0.keySet()) {
            Counters a = c0.get(id);
            Counters b = c1.get(id);
            boolean mine = want.identity() == id;
            Model.Kind k = want.kind();
            assertEquals(mine ? 1 : 0, b.packets() - a.packets(), "packets of " + id + " " + what);
            assertEquals(mine ? frame.length : 0, b.bytes() - a.bytes(), "bytes of " + id + " " + what);
            boolean passed = k == Model.Kind.PASSED || k == Model.Kind.PROBE_FOREIGN || k == Model.Kind.PROBE_MALFORMED;
            assertEquals(mine && passed ? 1 : 0, b.passed() - a.passed(), "passed of " + id + " " + what);
            assertEquals(mine && k == Model.Kind.DENIED ? 1 : 0, b.droppedPolicy() - a.droppedPolicy(), "dropped " + what);
            assertEquals(mine && k == Model.Kind.MALFORMED_L4 ? 1 : 0, b.malformed() - a.malformed(), "malformed " + what);
            assertEquals(mine && k == Model.Kind.PROBE_ANSWERED ? 1 : 0, b.probesAnswered() - a.probesAnswered(), what);
            assertEquals(mine && k == Model.Kind.PROBE_REPLY ? 1 : 0, b.probeReplies() - a.probeReplies(), what);
            boolean guard = k == Model.Kind.PROBE_REPLAYED || k == Model.Kind.PROBE_STALE;
            assertEquals(mine && guard ? 1 : 0, b.droppedGuard() - a.droppedGuard(), "dropped by a guard " + what);
            assertEquals(b.packets() - a.packets(), (b.passed() - a.passed()) + (b.droppedPolicy() - a.droppedPolicy())
                    + (b.malformed() - a.malformed()) + (b.probesAnswered() - a.probesAnswered())
                    + (b.probeReplies() - a.probeReplies()) + (b.droppedGuard() - a.droppedGuard()), "sum " + what);
        }
        return want;
    }

    private static Map<Integer, Counters> snapshot(MeshFixture fx) {
        Map<Integer, Counters> m = new HashMap<>();
        for (int id : fx.identities()) {
            m.put(id, fx.filter.counters(id));
        }
        return m;
    }
}
