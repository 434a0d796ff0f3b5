package io.ebpf4j;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ScratchSmokeTest {
    @Test
    void smoke() {
        ObjectSpec spec = ObjectSpec.open(Path.of("/tmp/smoke/x.bpf.o"));
        System.out.println(spec + " " + spec.programs() + " " + spec.maps());
        spec.program("xdp_bad").setAutoload(false);
        try (BpfObject obj = spec.load()) {
            Program p = obj.program("xdp_c");
            TestRunResult r = p.testRun(new byte[64], 1000);
            System.out.println("ret " + r.returnValue() + " dur " + r.durationNs() + " info " + p.info());
        }
        ObjectSpec bad = ObjectSpec.open(Path.of("/tmp/smoke/x.bpf.o"));
        try (BpfObject obj = bad.load()) {
            System.out.println("UNEXPECTED");
        } catch (VerifierException e) {
            System.out.println("MSG: " + e.getMessage());
            System.out.println("SUMMARY: " + e.analysis().summary());
        }
        try {
            ObjectSpec.open(new byte[100], "garbage");
        } catch (BpfException e) {
            System.out.println("GARBAGE: " + e.getMessage());
        }
    }
}
