package io.ebpf4j;

import io.ebpf4j.kernel.ProgramType;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.link.Xdp;
import io.ebpf4j.testutil.Fixtures;
import io.ebpf4j.testkit.Commands;
import io.ebpf4j.testkit.netns.VethPair;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;

/** An object dropped without close() is reclaimed by the Cleaner: its links detached, its program unloaded. */
@RequiresKernel(value = {KernelFeature.BPF_LINK, KernelFeature.CAP_NET_ADMIN}, programTypes = ProgramType.XDP)
class LeakReclaimTest {

    @Test
    void anUnclosedObjectIsReclaimedWithItsLinks() throws Exception {
        try (VethPair veth = VethPair.create()) {
            int programId = leakAnAttachedObject(veth);
            assertTrue(veth.hostLinkDetails().contains("prog/xdp"));
            boolean gone = false;
            for (int i = 0; i < 100 && !gone; i++) {
                System.gc();
                Thread.sleep(50);
                gone = !veth.hostLinkDetails().contains("prog/xdp") && !programLoaded(programId);
            }
            assertTrue(gone, "the Cleaner detached and unloaded program " + programId);
            assertFalse(veth.hostLinkDetails().contains("prog/xdp"));
        }
    }

    private static int leakAnAttachedObject(VethPair veth) {
        BpfObject obj = Fixtures.xdpCounter().load();
        Xdp.attach(obj.program("xdp_count"), veth.hostIf());
        WeakReference<BpfObject> ref = new WeakReference<>(obj);
        int id = obj.program("xdp_count").info().id();
        obj = null;
        return ref.get() == null ? id : id;
    }

    private static boolean programLoaded(int id) {
        try {
            Commands.run("bpftool", "prog", "show", "id", Integer.toString(id));
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }
}
