package io.ebpf4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.testkit.Commands;
import io.ebpf4j.testkit.DroppedPrivileges;
import io.ebpf4j.testkit.Exposition;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.testkit.netns.VethPair;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The agent's capability set, proven as its systemd unit runs it: {@code ebpf4j agent --config} in a
 * child JVM as user nobody (uid 65534) holding exactly CAP_BPF, CAP_PERFMON and CAP_NET_ADMIN
 * (inheritable, ambient and bounding sets, {@code setpriv}), inside the network namespace of a veth
 * pair, its config file 0640 root:nobody, its state directory and its bpffs directory 0700 nobody (as
 * the unit's StateDirectory= and ExecStartPre= make them), with RLIMIT_MEMLOCK 0. Every feature runs: the XDP filter counts,
 * the prober sends, the syscall hook and network events run on raw tracepoints and count, /metrics
 * serves, the journal is 0600, the pins 0600 in a 0700 directory of its own; a stop leaves the
 * datapath, a restart adopts it, {@code --uninstall} removes it, all as that user; a route change (the
 * healing actions) works with CAP_NET_ADMIN. With one capability less the agent refuses to start with
 * one line naming the capability, and leaves nothing behind.
 */
@RequiresKernel(value = {KernelFeature.XDP_ATTACH, KernelFeature.CAP_NET_ADMIN, KernelFeature.CAP_SYS_ADMIN,
        KernelFeature.RAW_TRACEPOINT_ATTACH, KernelFeature.RING_BUFFER, KernelFeature.BTF, KernelFeature.BPFFS},
        programTypes = ProgramType.XDP)
class AgentLeastPrivilegeTest {
    private static final List<String> SET = List.of("bpf", "perfmon", "net_admin");
    private static final String B = "spiffe://test.example/node/b";
    private static final int NOBODY = DroppedPrivileges.NOBODY;

    /** A node of the test: its veth pair, its files and pins, the world-readable class path. */
    private record Node(VethPair veth, Path dir, Path config, Path state, Path pinRoot, String classPath) {
        Path pinDir() {
            return pinRoot.resolve("a");
        }

        /**
         * nsenter into the pair's namespace, RLIMIT_MEMLOCK 0 (BPF memory is charged to the memory cgroup:
         * the unit needs no LimitMEMLOCK=), then setpriv to nobody with exactly {@code caps}.
         */
        List<String> wrapper(List<String> caps) {
            List<String> w = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + veth.netns(), "prlimit",
                    "--memlock=0:0"));
            w.addAll(DroppedPrivileges.setpriv(NOBODY, caps));
            return w;
        }
    }

    private static Node node(VethPair veth) throws Exception {
        Path dir = Files.createTempDirectory("ebpf4j-lp-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        String cp = DroppedPrivileges.worldReadableClassPath(Files.createDirectory(dir.resolve("cp")));
        Path state = ownedByNobody(Files.createDirectory(dir.resolve("state")));
        Path pinRoot = ownedByNobody(Files.createDirectory(Path.of("/sys/fs/bpf",
                "e4j-lp-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1))));
        int probePort = 20_000 + ThreadLocalRandom.current().nextInt(20_000);
        Path config = Files.writeString(dir.resolve("agent.yaml"), """
                node:
                  spiffeId: spiffe://test.example/node/a
                  interfaces: [%s]
                peers:
                  - spiffeId: %s
                    cidrs: [%s/32]
                    action: allow
                    probeAddress: %s
                probes:
                  port: %d
                  interval: 50ms
                hooks:
                  syscalls: {enabled: true}
                  netEvents: {enabled: true, events: [reset-sent, reset-received]}
                alerts:
                  - {kind: probe-loss, id: peer-loss, maxLossRatio: 0.5, window: 1s}
                healing:
                  enabled: false
                metrics:
                  listen: %s:0
                journal: %s
                pinDir: %s
                """.formatted(veth.peerIf(), B, veth.hostIp(), veth.hostIp(), probePort, veth.peerIp(),
                state.resolve("journal.jsonl"), pinRoot.resolve("a")));
        PosixFileAttributeView view = Files.getFileAttributeView(config, PosixFileAttributeView.class);
        view.setGroup(group(NOBODY));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r-----"));
        return new Node(veth, dir, config, state, pinRoot, cp);
    }

    private static Path ownedByNobody(Path p) throws Exception {
        PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
        view.setOwner(user(NOBODY));
        view.setGroup(group(NOBODY));
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    private static UserPrincipal user(int uid) throws Exception {
        return Path.of("/").getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(Commands.run("id", "-nu", Integer.toString(uid)).strip());
    }

    private static GroupPrincipal group(int gid) throws Exception {
        return Path.of("/").getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByGroupName(Commands.run("getent", "group", Integer.toString(gid)).split(":")[0]);
    }

    private static void cleanUp(Node n) throws Exception {
        Cli.run("agent", "--uninstall", "--config", n.config().toString()); // as root: nothing left in the kernel
        Files.deleteIfExists(n.pinRoot());
        ChildJvm.deleteTree(n.dir());
    }

    @Test
    void theThreeCapabilitiesRunEveryFeatureAndTheDatapathOutlivesAndIsRemovedAsTheSameUser() throws Exception {
        String why = DroppedPrivileges.unavailable();
        assumeTrue(why == null, why);
        try (VethPair veth = VethPair.create()) {
            Node n = node(veth);
            try {
                RunningCli agent = RunningCli.start(n.wrapper(SET), n.classPath(), "agent", "--config", n.config().toString());
                try {
                    URI metrics = URI.create(agent.await(Pattern.compile("ebpf4j agent ready: node a \\(spiffe://test.example/"
                            + "node/a\\), interfaces " + veth.peerIf() + ", metrics (http://\\S+/metrics)")).group(1));
                    assertTrue(agent.output().contains("syscall_latency started (raw_tracepoint)"), agent.output());
                    assertTrue(agent.output().contains("net_events started (raw_tracepoint)"), agent.output());
                    assertTrue(agent.output().contains("probes: to [" + B + "]"), agent.output());

                    Commands.quiet("ping", "-q", "-c", "5", "-i", "0.05", "-W", "1", veth.peerIp()); // through the filter
                    try (Socket s = new Socket()) { // nobody listens there: the namespace's stack resets the SYN
                        assertThrows(ConnectException.class, () -> s.connect(new InetSocketAddress(veth.peerIp(), 9), 2_000));
                    }
                    Exposition e = waitFor(metrics, x -> x.sum("ebpf4j_net_resets_total", "direction", "sent") >= 1);
                    for (String hook : List.of("mesh_filter", "syscall_latency", "net_events")) {
                        assertEquals(1, e.value("ebpf4j_hook_info", "hook", hook, "degraded", "false"), e.text());
                    }
                    assertEquals(1, e.value("ebpf4j_hook_info", "hook", "syscall_latency", "attach_path", "raw_tracepoint"));
                    assertEquals(1, e.value("ebpf4j_hook_info", "hook", "net_events", "attach_path", "raw_tracepoint"));
                    assertTrue(e.value("ebpf4j_mesh_packets_total", "peer", B, "verdict", "pass") >= 5, e.text());
                    assertTrue(e.value("ebpf4j_syscall_latency_seconds_count", "syscall", "connect") >= 1, e.text());
                    assertTrue(e.sum("ebpf4j_net_resets_total", "direction", "received") >= 1, e.text());

                    assertOwnedByNobody(n.pinDir(), "rwx------");
                    try (Stream<Path> pins = Files.list(n.pinDir())) {
                        for (Path pin : pins.toList()) {
                            assertOwnedByNobody(pin, "rw-------");
                        }
                    }
                    assertOwnedByNobody(n.state().resolve("journal.jsonl"), "rw-------");
                } finally {
                    agent.stop();
                }
                assertEquals(0, agent.process().exitValue(), agent.output());
                assertTrue(Commands.inNetns(veth.netns(), "ip", "link", "show", veth.peerIf()).contains("xdp"),
                        "the datapath outlives the agent");

                RunningCli again = RunningCli.start(n.wrapper(SET), n.classPath(), "agent", "--config", n.config().toString());
                try {
                    again.await(Pattern.compile("ebpf4j agent ready"));
                    assertTrue(again.output().contains("mesh filter: adopted the datapath pinned in " + n.pinDir()),
                            again.output());
                } finally {
                    again.stop();
                }
                assertEquals(0, again.process().exitValue(), again.output());

                ChildJvm.Outcome u = ChildJvm.run(n.wrapper(SET), n.classPath(), List.of(), "agent", "--uninstall",
                        "--config", n.config().toString());
                assertEquals(0, u.exitCode(), u.output());
                assertFalse(Files.exists(n.pinDir()), u.output());
                assertFalse(Commands.inNetns(veth.netns(), "ip", "link", "show", veth.peerIf()).contains("xdp"));

                String route = "198.19.0.2/32";
                Commands.run(join(n.wrapper(List.of("net_admin")), "ip", "route", "replace", route, "via", veth.hostIp(),
                        "dev", veth.peerIf()));
                assertTrue(Commands.inNetns(veth.netns(), "ip", "route", "show", route).contains("via " + veth.hostIp()));
                Commands.run(join(n.wrapper(List.of("net_admin")), "ip", "route", "del", route));
            } finally {
                cleanUp(n);
            }
        }
    }

    @Test
    void withOneCapabilityLessTheAgentNamesItAndLeavesNothing() throws Exception {
        String why = DroppedPrivileges.unavailable();
        assumeTrue(why == null, why);
        try (VethPair veth = VethPair.create()) {
            Node n = node(veth);
            try {
                String perfmon = refusal(n, List.of("bpf", "net_admin"));
                assertTrue(perfmon.contains("mesh filter needs CAP_PERFMON (or CAP_SYS_ADMIN) (the verifier accepts the "
                        + "filter's packet pointer arithmetic only from a loader with CAP_PERFMON): CAP_PERFMON is not effective "
                        + "(CapEff=") && perfmon.contains(", uid 65534); remedy: "), perfmon);
                String netAdmin = refusal(n, List.of("bpf", "perfmon"));
                assertTrue(netAdmin.contains("mesh filter needs CAP_NET_ADMIN (attaching XDP needs it): CAP_NET_ADMIN is not "
                        + "effective (CapEff=") && netAdmin.contains(", uid 65534); remedy: "), netAdmin);
                String bpf = refusal(n, List.of("perfmon", "net_admin"));
                assertTrue(bpf.contains("mesh filter: cannot load BPF programs: no privilege to load BPF programs: EPERM"), bpf);

                List<String> cmd = List.of(join(n.wrapper(List.of("bpf", "perfmon")), "ip", "route", "replace", "198.19.0.2/32",
                        "via", veth.hostIp(), "dev", veth.peerIf()));
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
                assertTrue(p.exitValue() != 0 && out.contains("Operation not permitted"), out);
            } finally {
                cleanUp(n);
            }
        }
    }

    /** The start-time refusal (exit 3) with {@code caps}: its lines naming the problems; nothing pinned. */
    private static String refusal(Node n, List<String> caps) throws Exception {
        ChildJvm.Outcome o = ChildJvm.run(n.wrapper(caps), n.classPath(), List.of(), "agent", "--config", n.config().toString());
        ChildJvm.assertNoCrash(o);
        assertEquals(3, o.exitCode(), o.output());
        assertFalse(Files.exists(n.pinDir()), "nothing pinned: " + o.output());
        System.out.println("OBSERVED caps " + caps + ":\n" + o.output());
        String problems = o.output().substring(o.output().indexOf("ebpf4j agent: cannot start on this node:"));
        assertFalse(problems.contains("program type xdp") || problems.contains("needs Linux 4.8"),
                "only the missing capability, not its consequences: " + problems);
        return problems;
    }

    private static void assertOwnedByNobody(Path p, String mode) throws Exception {
        assertEquals(mode, PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
        assertEquals(user(NOBODY), Files.getOwner(p), p.toString());
    }

    private static Exposition waitFor(URI metrics, java.util.function.Predicate<Exposition> ready) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Exposition e = Exposition.scrape(metrics);
        while (!ready.test(e) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            e = Exposition.scrape(metrics);
        }
        return e;
    }

    private static String[] join(List<String> prefix, String... cmd) {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(List.of(cmd));
        return all.toArray(String[]::new);
    }
}
