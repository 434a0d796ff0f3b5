package io.ebpf4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.testkit.Bpftool;
import io.ebpf4j.testkit.BpftoolLoadAll;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code ebpf4j load}: validation first, then the kernel. */
@RequiresKernel(value = KernelFeature.BPF_SYSCALL, programTypes = {ProgramType.TRACEPOINT, ProgramType.XDP, ProgramType.SOCKET_FILTER})
class LoadCommandTest {

    @Test
    void aViolatingObjectPrintsTheFindingsAndLoadsNothing() {
        Cli.Result r = Cli.run("load", Cli.fixture("policy_violations").toString());
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("nothing was loaded"), r.out());
        assertFalse(r.out().contains("Loading "), r.out());
        for (String bad : new String[] {"signal_direct", "signal_indirect"}) {
            assertTrue(r.out().lines().anyMatch(l -> l.contains("ERROR  " + bad + "[") && l.contains("call bpf_send_signal#")
                    && l.contains("policy.denied-helper")), r.out());
        }
    }

    @Test
    void noValidateLoadsItAnyway() {
        Cli.Result r = Cli.run("load", "--no-validate", "-p", "signal_direct", "-p", "signal_indirect",
                Cli.fixture("policy_violations").toString());
        assertEquals(0, r.exit(), r.out());
        assertTrue(Cli.row(r.out(), "signal_direct").contains(" OK "), r.out());
        assertTrue(r.out().contains("2 of 2 program(s) load"), r.out());
    }

    @Test
    void theCleanProgramOfTheSameObjectLoadsWhenChosenAlone() {
        Cli.Result r = Cli.run("load", "-p", "clean_loop", Cli.fixture("policy_violations").toString());
        assertEquals(0, r.exit(), r.out());
        assertTrue(Cli.row(r.out(), "clean_loop").contains(" OK "), r.out());
    }

    @Test
    void anObjectLaidOutByAnotherProjectValidatesAndLoads() throws Exception {
        Path file = Cli.foreignObject();
        Cli.Result r = Cli.run("load", file.toString());
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("4 of 4 program(s) load"), r.out());
    }

    static Stream<Path> featureObjects() throws IOException {
        try (Stream<Path> files = Files.list(Cli.FEATURES)) {
            List<Path> objects = files.filter(f -> f.toString().endsWith(".bpf.o")).sorted().toList();
            return objects.stream();
        }
    }

    /** The CLI loads every feature-matrix object where bpftool prog loadall does, and refuses the others. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("featureObjects")
    @RequiresKernel({KernelFeature.BPFFS, KernelFeature.BTF})
    void loadsEveryFeatureObjectWhereBpftoolDoes(Path file) {
        Bpftool.requireInstalled();
        BpftoolLoadAll bpftool = BpftoolLoadAll.run(file);
        Cli.Result r = Cli.run("load", file.toString());
        boolean loaded = bpftool.verdict() == BpftoolLoadAll.Verdict.LOADED;
        assertEquals(loaded ? 0 : 1, Math.min(r.exit(), 1), file + ": bpftool said " + bpftool.verdict() + "\n"
                + bpftool.output() + "\nebpf4j load said\n" + r.out());
        if (loaded) {
            assertEquals(headerMaps(r.out()), createdMaps(r.out()), r.out());
            assertEquals(bpftool.maps().size(), createdMaps(r.out()), "bpftool " + bpftool.mapNames() + "\n" + r.out());
            for (String program : bpftool.programNames()) {
                assertTrue(r.out().lines().anyMatch(l -> l.strip().startsWith(program) && l.contains(" OK ")), r.out());
            }
        } else {
            assertFalse(r.out().contains("see the libbpf log"), "a refusal says why:\n" + r.out());
        }
    }

    @Test
    void inspectAndLoadCountTheSameMaps() {
        for (String object : List.of("kconfig", "datasec", "usdt", "map_init")) {
            Path file = Cli.feature(object);
            Cli.Result inspect = Cli.run("inspect", file.toString());
            Cli.Result load = Cli.run("load", file.toString());
            assertEquals(0, load.exit(), load.out());
            assertEquals(headerMaps(inspect.out()), headerMaps(load.out()), inspect.out() + "\n" + load.out());
            assertEquals(headerMaps(load.out()), createdMaps(load.out()), load.out());
        }
    }

    /** N of the first line's "N map(s)". */
    private static int headerMaps(String out) {
        Matcher m = Pattern.compile("(\\d+) map\\(s\\)").matcher(out.lines().findFirst().orElseThrow());
        assertTrue(m.find(), out);
        return Integer.parseInt(m.group(1));
    }

    /** N of load's "N map(s) created". */
    private static int createdMaps(String out) {
        Matcher m = Pattern.compile("(\\d+) map\\(s\\) created").matcher(out);
        assertTrue(m.find(), out);
        return Integer.parseInt(m.group(1));
    }
}
