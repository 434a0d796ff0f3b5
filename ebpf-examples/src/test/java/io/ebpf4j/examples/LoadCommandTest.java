package io.ebpf4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.testkit.RequiresKernel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

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
}
