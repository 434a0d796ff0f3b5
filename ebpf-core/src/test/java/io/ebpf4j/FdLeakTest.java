package io.ebpf4j;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.VerifierException;
import io.ebpf4j.kernel.ProgramType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.link.Link;
import io.ebpf4j.link.Tracepoint;
import io.ebpf4j.link.Xdp;
import io.ebpf4j.link.XdpMode;
import io.ebpf4j.testutil.Fixtures;
import io.ebpf4j.testkit.Commands;
import io.ebpf4j.testkit.netns.VethPair;
import java.io.File;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Thousands of open/load/attach/close cycles, good and bad, leave this process's fd table as it was. */
@RequiresKernel(value = {KernelFeature.BPF_LINK, KernelFeature.CAP_NET_ADMIN, KernelFeature.TRACEFS},
        programTypes = {ProgramType.XDP, ProgramType.TRACEPOINT})
class FdLeakTest {

    private static int openFds() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }

    @Test
    void loadAttachCloseCyclesLeakNoFd() {
        ObjectSpec counter = Fixtures.xdpCounter();
        ObjectSpec tracing = Fixtures.tracing();
        tracing.programs().forEach(p -> p.setAutoload(p.name().equals("tp_getppid")));
        ObjectSpec bad = Fixtures.open("bad_verifier");
        bad.programs().forEach(p -> p.setAutoload(p.name().equals("bad_null_deref")));
        byte[] truncated = Arrays.copyOf(Fixtures.bytes("maps_all"), 3000);
        try (VethPair veth = VethPair.create()) {
            cycle(counter, tracing, bad, truncated, veth, 20); // warm up lazily opened fds (jars, probes)
            int before = openFds();
            cycle(counter, tracing, bad, truncated, veth, 1000);
            assertEquals(before, openFds(), "open fds after 1000 cycles");
        }
    }

    private static void cycle(ObjectSpec counter, ObjectSpec tracing, ObjectSpec bad, byte[] truncated, VethPair veth, int n) {
        for (int i = 0; i < n; i++) {
            try (BpfObject obj = counter.load()) {
                Link l = Xdp.attach(obj.program("xdp_count"), veth.hostIf(), i % 2 == 0 ? XdpMode.GENERIC : XdpMode.NATIVE);
                if (i % 3 == 0) {
                    l.close();
                } // else: closed by the object
            }
            if (i % 4 == 0) {
                try (BpfObject obj = tracing.load(); Link l = Tracepoint.attach(obj.program("tp_getppid"), "syscalls",
                        "sys_enter_getppid")) {
                    l.target();
                }
                assertThrows(VerifierException.class, bad::load);
                assertThrows(BpfException.class, () -> ObjectSpec.open(truncated, "truncated"));
            }
        }
    }
}
