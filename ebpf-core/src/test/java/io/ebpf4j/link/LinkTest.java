package io.ebpf4j.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.BpfObject;
import io.ebpf4j.kernel.MissingFeatureException;
import io.ebpf4j.Program;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.features.KernelCapabilities;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.testkit.Bpftool;
import io.ebpf4j.testutil.Fixtures;
import io.ebpf4j.testkit.Commands;
import io.ebpf4j.testkit.netns.VethPair;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every attach kind this kernel supports, with real traffic or real syscalls; the others fail cleanly. */
@RequiresKernel(value = {KernelFeature.BPF_LINK, KernelFeature.CAP_NET_ADMIN, KernelFeature.CAP_PERFMON},
        programTypes = {ProgramType.XDP, ProgramType.SCHED_CLS, ProgramType.TRACEPOINT})
class LinkTest {
    private static final int XDP_COUNTER_PACKETS = 0;
    private static final MethodHandle GETPPID = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("getppid").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT));

    private static void getppid(int times) throws Throwable {
        for (int i = 0; i < times; i++) {
            int unused = (int) GETPPID.invokeExact();
        }
    }

    @Test
    void xdpCountsRealTrafficInBothModesAndDetachesOnClose() {
        try (VethPair veth = VethPair.create(); BpfObject obj = Fixtures.xdpCounter().load()) {
            Program p = obj.program("xdp_count");
            for (XdpMode mode : new XdpMode[] {XdpMode.GENERIC, XdpMode.NATIVE}) {
                long before = Bpftool.u64(p, "xdp_stats", 0, XDP_COUNTER_PACKETS);
                try (Link link = Xdp.attach(p, veth.hostIf(), mode)) {
                    assertEquals(LinkKind.XDP, link.kind());
                    assertTrue(veth.hostLinkDetails().contains("prog/xdp"), veth.hostLinkDetails());
                    veth.pingHostFromPeer(20);
                }
                long after = Bpftool.u64(p, "xdp_stats", 0, XDP_COUNTER_PACKETS);
                assertTrue(after - before >= 20, mode + ": counted " + (after - before) + " packets for 20 pings");
                assertFalse(veth.hostLinkDetails().contains("prog/xdp"), "detached: " + veth.hostLinkDetails());
            }
        }
    }

    @Test
    void legacyNetlinkXdpAttachesAndDetachesOnlyWhenAskedTo() {
        try (VethPair veth = VethPair.create(); BpfObject obj = Fixtures.xdpCounter().load()) {
            Link legacy = Xdp.attachLegacy(obj.program("xdp_count"), veth.hostIf(), XdpMode.GENERIC);
            assertInstanceOf(LegacyXdpLink.class, legacy);
            assertTrue(veth.hostLinkDetails().contains("prog/xdp"), veth.hostLinkDetails());
            assertThrows(BpfException.class, () -> legacy.pin(Path.of("/sys/fs/bpf/e4j-never")));
            legacy.close();
            legacy.close();
            assertTrue(legacy.isClosed());
            assertFalse(veth.hostLinkDetails().contains("prog/xdp"), veth.hostLinkDetails());
        }
    }

    @Test
    void aSecondXdpProgramOnTheSameInterfaceIsRefusedClearly() {
        try (VethPair veth = VethPair.create(); BpfObject obj = Fixtures.xdpCounter().load();
             Link first = Xdp.attach(obj.program("xdp_count"), veth.hostIf())) {
            BpfException e = assertThrows(BpfException.class, () -> Xdp.attach(obj.program("xdp_count"), veth.hostIf()));
            assertTrue(e.getMessage().contains("EBUSY") && e.getMessage().contains("already attached"), e.getMessage());
            assertFalse(first.isClosed());
        }
    }

    @Test
    void closingTheObjectDetachesItsLinks() {
        try (VethPair veth = VethPair.create()) {
            BpfObject obj = Fixtures.xdpCounter().load();
            Link link = Xdp.attach(obj.program("xdp_count"), veth.hostIf());
            obj.close();
            assertTrue(link.isClosed());
            assertFalse(veth.hostLinkDetails().contains("prog/xdp"), veth.hostLinkDetails());
            link.close(); // idempotent after the object closed it
        }
    }

    @Test
    void pinnedLinksOutliveTheirObjectUntilUnpinned() throws Exception {
        Path bpffs = Path.of("/sys/fs/bpf");
        org.junit.jupiter.api.Assumptions.assumeTrue(KernelCapabilities.cached().has(KernelFeature.BPFFS), "bpffs mounted");
        Path pin = bpffs.resolve("e4j-link-" + UUID.randomUUID());
        try (VethPair veth = VethPair.create()) {
            try {
                try (BpfObject obj = Fixtures.xdpCounter().load()) {
                    Link link = Xdp.attach(obj.program("xdp_count"), veth.hostIf());
                    link.pin(pin);
                }
                assertTrue(veth.hostLinkDetails().contains("prog/xdp"), "still attached through the pin");
                try (BpfLink reopened = BpfLink.openPinned(pin)) {
                    assertEquals(LinkKind.PINNED, reopened.kind());
                    reopened.unpin();
                }
                assertFalse(Files.exists(pin));
                assertFalse(veth.hostLinkDetails().contains("prog/xdp"), "detached once unpinned and closed");
            } finally {
                Files.deleteIfExists(pin);
            }
        }
    }

    @Test
    void updateSwapsTheProgramOfALiveLinkAndMovesTheLinkToTheNewObject() {
        try (VethPair veth = VethPair.create(); BpfObject second = Fixtures.xdpCounter().load();
             BpfObject tracing = Fixtures.tracing().load()) {
            Program next = second.program("xdp_count");
            BpfObject first = Fixtures.xdpCounter().load();
            BpfLink link = (BpfLink) Xdp.attach(first.program("xdp_count"), veth.hostIf());
            try {
                int firstId = first.program("xdp_count").info().id();
                assertTrue(veth.hostLinkDetails().contains("prog/xdp id " + firstId), veth.hostLinkDetails());
                veth.pingHostFromPeer(10);
                long firstCount = Bpftool.u64(first.program("xdp_count"), "xdp_stats", 0, XDP_COUNTER_PACKETS);
                assertTrue(firstCount >= 10, "the first program counted " + firstCount);

                link.update(next);
                assertTrue(veth.hostLinkDetails().contains("prog/xdp id " + next.info().id()), veth.hostLinkDetails());
                veth.pingHostFromPeer(10);
                assertTrue(Bpftool.u64(next, "xdp_stats", 0, XDP_COUNTER_PACKETS) >= 10, "the new program counts");
                assertEquals(firstCount, Bpftool.u64(first.program("xdp_count"), "xdp_stats", 0, XDP_COUNTER_PACKETS),
                        "the old program no longer runs");

                first.close();
                assertFalse(link.isClosed(), "closing the old program's object leaves the updated link alone");
                assertTrue(veth.hostLinkDetails().contains("prog/xdp id " + next.info().id()), veth.hostLinkDetails());

                BpfException wrongType = assertThrows(BpfException.class, () -> link.update(tracing.program("tc_count")));
                assertEquals(22, wrongType.errnoNumber(), wrongType.getMessage());
                assertTrue(wrongType.getMessage().contains("another type"), wrongType.getMessage());
                assertTrue(veth.hostLinkDetails().contains("prog/xdp id " + next.info().id()), "a refused update changes nothing");

                second.close();
                assertTrue(link.isClosed(), "closing the new program's object closes the link");
                assertFalse(veth.hostLinkDetails().contains("prog/xdp"), veth.hostLinkDetails());
            } finally {
                link.close();
                first.close();
            }
        }
    }

    @Test
    void aPinnedLinkOpenedAgainIsUpdatedInPlace() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(KernelCapabilities.cached().has(KernelFeature.BPFFS), "bpffs mounted");
        Path pin = Path.of("/sys/fs/bpf").resolve("e4j-link-" + UUID.randomUUID());
        try (VethPair veth = VethPair.create()) {
            try {
                try (BpfObject obj = Fixtures.xdpCounter().load()) {
                    Xdp.attach(obj.program("xdp_count"), veth.hostIf()).pin(pin);
                }
                try (BpfObject next = Fixtures.xdpCounter().load(); BpfLink reopened = BpfLink.openPinned(pin)) {
                    reopened.update(next.program("xdp_count"));
                    veth.pingHostFromPeer(10);
                    assertTrue(Bpftool.u64(next.program("xdp_count"), "xdp_stats", 0, XDP_COUNTER_PACKETS) >= 10,
                            "the program swapped into the pinned link counts");
                }
                assertTrue(veth.hostLinkDetails().contains("prog/xdp"), "still attached through the pin");
                try (BpfLink last = BpfLink.openPinned(pin)) {
                    last.unpin();
                }
                assertFalse(veth.hostLinkDetails().contains("prog/xdp"), "detached once unpinned");
            } finally {
                Files.deleteIfExists(pin);
            }
        }
    }

    @Test
    void tcxAndLegacyTcCountPacketsAndLeaveForeignQdiscsAlone() {
        try (VethPair veth = VethPair.create(); BpfObject obj = Fixtures.tracing().load()) {
            Program tc = obj.program("tc_count");
            long before = Bpftool.u64(tc, "counters", 4, 0);
            try (Link link = Tc.attach(tc, veth.hostIf(), TcDirection.INGRESS)) {
                veth.pingHostFromPeer(10);
            }
            assertTrue(Bpftool.u64(tc, "counters", 4, 0) - before >= 10, "tc ingress counted the pings");

            try (Link legacy = Tc.attachLegacy(tc, veth.hostIf(), TcDirection.EGRESS)) {
                assertTrue(Commands.run("tc", "qdisc", "show", "dev", veth.hostIf()).contains("clsact"));
            }
            assertFalse(Commands.run("tc", "qdisc", "show", "dev", veth.hostIf()).contains("clsact"),
                    "the clsact qdisc this library created is removed");

            Commands.run("tc", "qdisc", "add", "dev", veth.hostIf(), "clsact");
            try (Link legacy = Tc.attachLegacy(tc, veth.hostIf(), TcDirection.INGRESS)) {
                veth.pingHostFromPeer(3);
            }
            assertTrue(Commands.run("tc", "qdisc", "show", "dev", veth.hostIf()).contains("clsact"),
                    "a clsact qdisc that was there before is left in place");
        }
    }

    @Test
    void tracepointRawTracepointAndUprobeSeeRealCalls() throws Throwable {
        try (BpfObject obj = Fixtures.tracing().load()) {
            Program tp = obj.program("tp_getppid");
            Program raw = obj.program("raw_tp_sys_enter");
            Program up = obj.program("uprobe_count");
            int tgid = (int) ProcessHandle.current().pid();
            try (Link a = Tracepoint.attach(tp, "syscalls", "sys_enter_getppid");
                 Link b = RawTracepoint.attach(raw, "sys_enter");
                 Link c = Uprobe.attach(up, libc(), "getppid", tgid);
                 Link d = Uprobe.attachReturn(up, libc(), "getppid", tgid)) {
                assertEquals(LinkKind.URETPROBE, d.kind());
                getppid(25);
            }
            assertTrue(Bpftool.u64(tp, "getppid_calls", tgid, 0) >= 25, "tracepoint counted our getppid calls");
            assertTrue(Bpftool.u64(raw, "counters", 0, 0) >= 25, "raw tracepoint counted syscalls");
            assertTrue(Bpftool.u64(up, "counters", 1, 0) >= 50, "uprobe and uretprobe each counted libc getppid calls");
        }
    }

    @Test
    void kprobesFailWithTheMissingFeatureAndItsFallbackWhereTheKernelHasNone() {
        try (BpfObject obj = Fixtures.tracing().load()) {
            Program kp = obj.program("kprobe_openat2");
            if (KernelCapabilities.cached().has(KernelFeature.KPROBE_ATTACH)) {
                Kprobe.attach(kp, "do_sys_openat2").close();
                return;
            }
            MissingFeatureException e = assertThrows(MissingFeatureException.class, () -> Kprobe.attach(kp, "do_sys_openat2"));
            assertTrue(e.fallback().orElseThrow().contains("tracepoint"), e.getMessage());
            assertTrue(e.getMessage().contains("kprobe"), e.getMessage());
        }
    }

    @Test
    void badAttachRequestsGetClearErrors() {
        try (BpfObject obj = Fixtures.tracing().load()) {
            Program tp = obj.program("tp_getppid");
            BpfException wrongType = assertThrows(BpfException.class, () -> Xdp.attach(tp, "lo"));
            assertTrue(wrongType.getMessage().contains("not XDP"), wrongType.getMessage());
            BpfException noSuchIf = assertThrows(BpfException.class, () -> Tc.attach(obj.program("tc_count"), "e4j-nope0",
                    TcDirection.INGRESS));
            assertTrue(noSuchIf.getMessage().contains("e4j-nope0"), noSuchIf.getMessage());
            BpfException badName = assertThrows(BpfException.class, () -> Tracepoint.attach(tp, "syscalls", "../../etc"));
            assertTrue(badName.getMessage().contains("not a valid name"), badName.getMessage());
            BpfException noTp = assertThrows(BpfException.class, () -> Tracepoint.attach(tp, "syscalls", "sys_enter_nope"));
            assertTrue(noTp.getMessage().contains("no such tracepoint"), noTp.getMessage());
            BpfException noFile = assertThrows(BpfException.class,
                    () -> Uprobe.attach(obj.program("uprobe_count"), Path.of("/nonexistent"), "f", -1));
            assertTrue(noFile.getMessage().contains("no such file"), noFile.getMessage());
            assertInstanceOf(BpfException.class, assertThrows(BpfException.class,
                    () -> Uprobe.attach(obj.program("uprobe_count"), libc(), "no_such_function_e4j", -1)));
        }
    }

    static Path libc() {
        for (String p : new String[] {"/usr/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libc.so.6",
                "/usr/lib/aarch64-linux-gnu/libc.so.6", "/lib64/libc.so.6", "/usr/lib64/libc.so.6"}) {
            if (Files.exists(Path.of(p))) {
                return Path.of(p);
            }
        }
        throw new IllegalStateException("libc.so.6 not found");
    }
}
