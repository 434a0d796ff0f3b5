package io.ebpf4j.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.BpfObject;
import io.ebpf4j.Program;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.testutil.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * Attaching a program of the wrong type fails before any kernel call, naming the program, its type and
 * the attach it was given to; nothing is attached.
 */
@RequiresKernel(value = KernelFeature.TRACEPOINT_ATTACH, programTypes = {ProgramType.TRACEPOINT, ProgramType.SCHED_CLS})
class WrongProgramTypeTest {

    private static String refused(org.junit.jupiter.api.function.Executable attach) {
        return assertThrows(BpfException.class, attach).getMessage();
    }

    @Test
    void eachAttachNamesTheTypeItWasGivenAndTheOneItNeeds() {
        try (BpfObject obj = Fixtures.tracing().load()) {
            Program tp = obj.program("tp_getppid");
            Program tc = obj.program("tc_count");
            assertEquals(ProgramType.TRACEPOINT, tp.type());

            String tracing = refused(() -> Tracing.attach(tp));
            assertTrue(tracing.contains("attaching program 'tp_getppid' as a tracing program")
                    && tracing.contains("it is a TRACEPOINT program"), tracing);
            String lsm = refused(() -> Tracing.attachLsm(tc));
            assertTrue(lsm.contains("attaching program 'tc_count' as an LSM program")
                    && lsm.contains("it is a SCHED_CLS program"), lsm);
            String toTc = refused(() -> Tc.attach(tp, "lo", TcDirection.INGRESS));
            assertTrue(toTc.contains("attaching program 'tp_getppid' to tc")
                    && toTc.contains("it is a TRACEPOINT program, not SCHED_CLS (SEC(\"tc\"))"), toTc);
            assertThrows(NullPointerException.class, () -> Tracing.attach(null));
            assertThrows(NullPointerException.class, () -> Tracing.attachLsm(null));
            assertThrows(NullPointerException.class, () -> Tc.attach(tc, "lo", null));
        }
    }
}
