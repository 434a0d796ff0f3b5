package io.ebpf4j;

import io.ebpf4j.kernel.MissingFeatureException;
import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.VerifierException;
import io.ebpf4j.kernel.VerifierLog;
import io.ebpf4j.kernel.ProgramType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.features.KernelCapabilities;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.map.MapInfo;
import io.ebpf4j.map.RawMap;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.testutil.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loading objects into the real kernel: success, verifier failures with their logs, missing features. */
@RequiresKernel(value = {KernelFeature.BPF_SYSCALL, KernelFeature.PROG_TEST_RUN}, programTypes = ProgramType.XDP)
class ObjectLoadTest {
    private static final int XDP_PASS = 2;

    @Test
    void loadsAndRunsThePrebuiltXdpCounter() {
        try (BpfObject obj = Fixtures.xdpCounter().load()) {
            Program p = obj.program("xdp_count");
            assertEquals(ProgramType.XDP, p.type());
            assertEquals(XDP_PASS, p.testRun(new byte[64], 10).returnValue());
            ProgramInfo info = p.info();
            assertTrue(info.id() > 0);
            assertEquals("xdp_count", info.name());
            assertEquals(ProgramType.XDP, info.type());
            assertTrue(obj.mapNames().contains("xdp_stats"), obj.mapNames().toString());
        }
    }

    @Test
    void closeIsIdempotentAndClosedObjectsRefuseUse() {
        BpfObject obj = Fixtures.xdpCounter().load();
        Program p = obj.program("xdp_count");
        RawMap stats = obj.map("xdp_stats");
        obj.close();
        obj.close();
        assertTrue(obj.isClosed());
        BpfException e = assertThrows(BpfException.class, p::fd);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(BpfException.class, () -> obj.mapFd("xdp_stats"));
        assertThrows(BpfException.class, () -> obj.map("xdp_stats"));
        assertTrue(stats.isClosed(), "the object's map views close with it");
        assertThrows(BpfException.class, stats::fd);
    }

    @Test
    void mapFdIsABorrowedViewOfTheObjectsMap() {
        try (BpfObject obj = Fixtures.xdpCounter().load()) {
            int fd = obj.mapFd("xdp_stats");
            RawMap view = obj.map("xdp_stats");
            assertEquals(fd, view.fd(), "the view shares the object's descriptor");
            assertEquals(view.info(), MapInfo.read(fd));
            view.close();
            assertTrue(view.isClosed());
            assertEquals(fd, obj.mapFd("xdp_stats"), "closing a view leaves the map to the object");
            RawMap again = obj.map("xdp_stats");
            assertFalse(again.isClosed(), "a closed view is replaced by a new one");
            assertEquals(view.info().id(), again.info().id());
        }
    }

    @Test
    void verifierRejectionsCarryTheProgramTheLogAndAHint() {
        record Case(String program, String logSays, String hintSays) {}
        List<Case> cases = List.of(
                new Case("bad_null_deref", "map_value_or_null", "NULL"),
                new Case("bad_packet_oob", "invalid access to packet", "data_end"),
                new Case("bad_helper_for_type", "cannot use helper", "helper"));
        for (Case c : cases) {
            ObjectSpec spec = Fixtures.open("bad_verifier");
            spec.programs().forEach(ps -> ps.setAutoload(ps.name().equals(c.program())));
            VerifierException e = assertThrows(VerifierException.class, spec::load, c.program());
            assertEquals(c.program(), e.program());
            assertTrue(e.log().contains(c.logSays()), e.log());
            VerifierLog analysis = e.analysis();
            assertTrue(analysis.hint().orElseThrow().contains(c.hintSays()), analysis.toString());
            assertTrue(analysis.failingInsn().isPresent(), analysis.toString());
            assertTrue(analysis.sourceLine().isPresent(), "BTF line info gives the source line: " + analysis);
            assertTrue(e.getMessage().contains(c.program()) && e.getMessage().contains("Remedy"), e.getMessage());
        }
    }

    @Test
    void theGoodProgramOfTheBadObjectLoadsAlone() {
        ObjectSpec spec = Fixtures.open("bad_verifier");
        spec.programs().forEach(ps -> ps.setAutoload(ps.name().equals("good_pass")));
        try (BpfObject obj = spec.load()) {
            assertEquals(List.of("good_pass"), obj.programs().stream().map(Program::name).toList());
            BpfException e = assertThrows(BpfException.class, () -> obj.program("bad_null_deref"));
            assertTrue(e.getMessage().contains("autoload off"), e.getMessage());
        }
    }

    @Test
    void aLogTheKernelCutsIsRetriedWithALargerBuffer() {
        ObjectSpec spec = Fixtures.open("bad_verifier");
        spec.programs().forEach(ps -> ps.setAutoload(ps.name().equals("bad_null_deref")));
        LoadOptions tiny = new LoadOptions(128, 64 * 1024 * 1024, 2); // verbose log, far too small a first buffer
        VerifierException e = assertThrows(VerifierException.class, () -> spec.load(tiny));
        assertTrue(e.log().length() > 128, "grown log: " + e.log().length());
        assertTrue(e.log().contains("map_value_or_null"), e.log());
        assertTrue(e.log().contains("processed"), "the log is whole, down to the verifier's summary line");
    }

    @Test
    void theSameSpecLoadsTwiceIntoIndependentObjects() {
        ObjectSpec spec = Fixtures.xdpCounter();
        try (BpfObject a = spec.load(); BpfObject b = spec.load()) {
            assertFalse(a.program("xdp_count").info().id() == b.program("xdp_count").info().id());
        }
    }

    @Test
    void aProgramTheKernelCannotLoadIsReportedAsAMissingFeature() {
        ObjectSpec spec = Fixtures.open("tracing");
        spec.programs().forEach(ps -> ps.setAutoload(ps.name().equals("fentry_openat2")));
        boolean fentry = KernelCapabilities.cached().has(KernelFeature.FENTRY_ATTACH);
        if (fentry) {
            spec.load().close();
            return;
        }
        BpfException e = assertThrows(BpfException.class, spec::load);
        MissingFeatureException m = assertInstanceOf(MissingFeatureException.class, e, e.getMessage());
        assertTrue(m.feature().contains("fentry"), m.getMessage());
        assertTrue(m.fallback().isPresent(), m.getMessage());
        assertFalse(m.getMessage().contains("CAP_BPF"), "not blamed on privileges: " + m.getMessage());
    }

    @Test
    void changedTypesAndSizesReachTheKernel() {
        ObjectSpec spec = Fixtures.open("maps_all");
        spec.map("hash_map").setMaxEntries(77);
        try (BpfObject obj = spec.load()) {
            assertEquals(77, obj.mapSpec("hash_map").maxEntries());
            String out = io.ebpf4j.testkit.Commands.run("bpftool", "map", "show", "name", "hash_map");
            assertTrue(out.contains("max_entries 77"), out);
        }
    }
}
