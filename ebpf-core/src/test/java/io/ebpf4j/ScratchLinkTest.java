package io.ebpf4j;

import io.ebpf4j.link.*;
import io.ebpf4j.testutil.Veth;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ScratchLinkTest {
    static void p(Object o) { System.out.println("OUT " + o); }
    @Test
    void links() throws Exception {
        ObjectSpec spec = ObjectSpec.open(Path.of("/tmp/smoke/t.bpf.o"));
        p(spec.programs());
        spec.program("fe").setAutoload(false);
        try (BpfObject obj = spec.load(); Veth v = Veth.create()) {
            try (Link l = Tracepoint.attach(obj.program("tp"), "syscalls", "sys_enter_getppid")) { p(l + " " + Veth.run("bpftool", "link", "show").lines().count()); }
            try (Link l = RawTracepoint.attach(obj.program("rtp"), "sys_enter")) { p(l); }
            try (Link l = Uprobe.attach(obj.program("up"), Path.of("/usr/lib/x86_64-linux-gnu/libc.so.6"), "getppid", Uprobe.ALL_PROCESSES)) { p(l); }
            try { Kprobe.attach(obj.program("kp"), "do_sys_openat2"); } catch (BpfException e) { p("KPROBE " + e.getClass().getSimpleName() + ": " + e.getMessage()); }
            try (Link l = Tc.attach(obj.program("tcp"), v.hostIf(), TcDirection.INGRESS)) { p(l); v.pingHostFromPeer(3); }
            try (Link l = Tc.attachLegacy(obj.program("tcp"), v.hostIf(), TcDirection.EGRESS)) { p(l + "\n" + Veth.run("tc", "qdisc", "show", "dev", v.hostIf())); }
            p("after legacy close: " + Veth.run("tc", "qdisc", "show", "dev", v.hostIf()));
            try (Link l = Xdp.attach(obj.program("xp"), v.hostIf(), XdpMode.NATIVE)) { p(l + "\n" + v.hostLinkDetails()); v.pingHostFromPeer(3);}
            try (Link l = Xdp.attach(obj.program("xp"), v.hostIf(), XdpMode.GENERIC)) { p(l); }
            Link kept = Xdp.attach(obj.program("xp"), v.hostIf());
            try { Xdp.attach(obj.program("xp"), v.hostIf()); } catch (BpfException e) { p("DOUBLE " + e.getMessage()); }
            try { Xdp.attach(obj.program("xp"), "nope0"); } catch (BpfException e) { p("BADIF " + e.getMessage()); }
            p("links before close " + Veth.run("bpftool", "link", "show"));
        }
        p("links after close " + Veth.run("bpftool", "link", "show"));
        ObjectSpec fe = ObjectSpec.open(Path.of("/tmp/smoke/t.bpf.o"));
        fe.programs().forEach(ps -> ps.setAutoload(ps.name().equals("fe")));
        try (BpfObject obj = fe.load()) { try (Link l = Tracing.attach(obj.program("fe"))) { p(l); } }
        catch (BpfException e) { p("FENTRY " + e.getClass().getSimpleName() + ": " + e.getMessage()); }
    }
}
