package io.ebpf4j.link;

import io.ebpf4j.BpfObject;
import io.ebpf4j.testutil.Fixtures;

/** Child-process main for {@link KilledProcessTest}: attaches the XDP counter to an interface, says so, waits. */
public final class AttachAndWait {
    private AttachAndWait() {}

    public static void main(String[] args) throws Exception {
        BpfObject obj = Fixtures.xdpCounter().load();
        Link link = Xdp.attach(obj.program("xdp_count"), args[0]);
        System.out.println("ATTACHED " + link.target());
        System.out.flush();
        Thread.sleep(120_000);
    }
}
