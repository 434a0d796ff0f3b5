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
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The agent's capability set, proven as its systemd unit runs it: the unit's {@code ExecStart=} (the
 * launcher {@code packaging/bin/ebpf4j-agent} with its JVM flags, {@code --config}) as user nobody
 * (uid 65534) holding exactly the unit's {@code AmbientCapabilities=} (inheritable, ambient and
 * bounding sets, {@code setpriv}), read from {@code packaging/systemd/ebpf4j-agent.service}, so the
 * unit and this proof cannot drift apart; inside the network namespace of a veth pair, its config file
 * 0640 root:nobody, its state directory and its bpffs directory 0700 nobody (as the unit's
 * StateDirectory= and ExecStartPre= make them), with RLIMIT_MEMLOCK 0. Every feature runs: the XDP
 * filter counts, the prober sends, the syscall hook and network events run on raw tracepoints and
 * count, /metrics serves, the heal loop installs its routing rule and gossips, the journal is 0600, the
 * pins 0600 in a 0700 directory of its own; a stop leaves the datapath, a restart adopts it,
 * {@code --uninstall} removes it and the rule, all as that user; a route change (the healing actions)
 * works with CAP_NET_ADMIN. With any one of the unit's capabilities less the agent refuses to start
 * with one line naming the capability, and leaves nothing behind; the unit grants no other.
 */
@RequiresKernel(value = {KernelFeature.XDP_ATTACH, KernelFeature.CAP_NET_ADMIN, KernelFeature.CAP_SYS_ADMIN,
        KernelFeature.RAW_TRACEPOINT_ATTACH, KernelFeature.RING_BUFFER, KernelFeature.BTF, KernelFeature.BPFFS},
        programTypes = ProgramType.XDP)
class AgentLeastPrivilegeTest {
    /**
     * Each capability the agent needs and how its refusal names it when missing: the unit must grant
     * exactly these ({@link #theUnitGrantsItsOwnUserExactlyTheCapabilitiesProvenHere}).
     */
    private static final Map<String, String> NEEDED = Map.of(
            "perfmon", "mesh filter needs CAP_PERFMON (or CAP_SYS_ADMIN) (the verifier accepts the filter's packet pointer "
                    + "arithmetic only from a loader with CAP_PERFMON): CAP_PERFMON is not effective (CapEff=",
            "net_admin", "mesh filter needs CAP_NET_ADMIN (attaching XDP needs it): CAP_NET_ADMIN is not effective (CapEff=",
            "bpf", "mesh filter: cannot load BPF programs: no privilege to load BPF programs: EPERM");
    private static final String B = "spiffe://test.example/node/b";
    private static final int NOBODY = DroppedPrivileges.NOBODY;
    private static final Path LAUNCHER = Path.of("..", "packaging", "bin", "ebpf4j-agent");

    /** A node of the test: its veth pair, its files and pins, the world-readable class path. */
    private record Node(VethPair veth, Path dir, Path config, Path state, Path pinRoot, String classPath, Path jar) {
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

    /**
     * The unit's {@code ExecStart=} as this test runs it: the launcher of this repository for the
     * installed one, the JVM of this test ({@code EBPF4J_JAVA}), a jar whose manifest names the
     * world-readable class path ({@code EBPF4J_JAR}, for the installed CLI jar), this node's config file
     * for the unit's; behind {@link Node#wrapper}: nobody with exactly {@code caps}.
     */
    private static List<String> asTheUnitStartsIt(Node n, List<String> caps) throws Exception {
        List<String> exec = AgentUnitFile.shipped().execStart();
        assertEquals("/usr/lib/ebpf4j/ebpf4j-agent", exec.getFirst(), "the unit runs the launcher");
        int config = exec.indexOf("--config");
        assertTrue(config > 0 && config + 1 < exec.size(), "ExecStart= passes --config FILE: " + exec);
        List<String> cmd = new ArrayList<>(n.wrapper(caps));
        cmd.addAll(List.of("env", "EBPF4J_JAVA=" + ChildJvm.java(), "EBPF4J_JAR=" + n.jar(),
                LAUNCHER.toAbsolutePath().normalize().toString()));
        for (int i = 1; i < exec.size(); i++) {
            cmd.add(i == config + 1 ? n.config().toString() : exec.get(i));
        }
        return cmd;
    }

    /** A jar holding only a manifest: the CLI's main class and the class path next to it (relative URLs). */
    private static Path manifestJar(Path cpDir, String classPath) throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        StringBuilder urls = new StringBuilder();
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            Path e = Path.of(entry);
            urls.append(urls.isEmpty() ? "" : " ").append(cpDir.relativize(e)).append(Files.isDirectory(e) ? "/" : "");
        }
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, urls.toString());
        Path jar = cpDir.resolve("ebpf4j.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            out.flush();
        }
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
        return jar;
    }

    private static Node node(VethPair veth) throws Exception {
        Path dir = Files.createTempDirectory("ebpf4j-lp-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path cpDir = Files.createDirectory(dir.resolve("cp"));
        String cp = DroppedPrivileges.worldReadableClassPath(cpDir);
        Path jar = manifestJar(cpDir, cp);
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
                services:
                  - {name: vb, addresses: [198.19.0.2/32], port: 7002, servedBy: %s}
                healing:
                  enabled: true
                metrics:
                  listen: %s:0
                journal: %s
                pinDir: %s
                gossip:
                  bind: %s:%d
                """.formatted(veth.peerIf(), B, veth.hostIp(), veth.hostIp(), probePort, B, veth.peerIp(),
                state.resolve("journal.jsonl"), pinRoot.resolve("a"), veth.peerIp(), probePort + 1));
        PosixFileAttributeView view = Files.getFileAttributeView(config, PosixFileAttributeView.class);
        view.setGroup(group(NOBODY));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r-----"));
        return new Node(veth, dir, config, state, pinRoot, cp, jar);
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
    void theUnitGrantsItsOwnUserExactlyTheCapabilitiesProvenHere() throws Exception {
        AgentUnitFile unit = AgentUnitFile.shipped();
        List<String> needed = new TreeSet<>(NEEDED.keySet()).stream().toList();
        assertEquals(needed, unit.capabilities("AmbientCapabilities"), "AmbientCapabilities= of " + unit.file());
        assertEquals(needed, unit.capabilities("CapabilityBoundingSet"), "CapabilityBoundingSet= of " + unit.file());
        assertEquals("yes", unit.value("NoNewPrivileges"), "NoNewPrivileges= of " + unit.file());
        String user = unit.value("User");
        assertTrue(user != null && !user.equals("root") && !user.equals("0"), "User= of " + unit.file() + ": " + user);
        assertEquals(user, unit.value("Group"), "Group= of " + unit.file());
        assertTrue(Files.readAllLines(AgentUnitFile.SYSUSERS).stream().anyMatch(l -> l.matches("u\\s+" + user + "\\s.*")),
                "the sysusers file creates user " + user);
        assertTrue(Files.isExecutable(LAUNCHER), LAUNCHER + " (the unit's ExecStart=) is executable");
    }

    @Test
    void theUnitsCapabilitiesRunEveryFeatureAndTheDatapathOutlivesAndIsRemovedAsTheSameUser() throws Exception {
        String why = DroppedPrivileges.unavailable();
        assumeTrue(why == null, why);
        List<String> unitCaps = AgentUnitFile.shipped().capabilities("AmbientCapabilities");
        try (VethPair veth = VethPair.create()) {
            Node n = node(veth);
            try {
                RunningCli agent = new RunningCli(new ProcessBuilder(asTheUnitStartsIt(n, unitCaps)).redirectErrorStream(true)
                        .directory(new java.io.File("/tmp")).start());
                try {
                    URI metrics = URI.create(agent.await(Pattern.compile("ebpf4j agent ready: node a \\(spiffe://test.example/"
                            + "node/a\\), interfaces " + veth.peerIf() + ", metrics (http://\\S+/metrics)")).group(1));
                    assertTrue(agent.output().contains("syscall_latency started (raw_tracepoint)"), agent.output());
                    assertTrue(agent.output().contains("net_events started (raw_tracepoint)"), agent.output());
                    assertTrue(agent.output().contains("probes: to [" + B + "]"), agent.output());
                    agent.await(Pattern.compile("healing running: node 0 of 2"));
                    assertTrue(Commands.inNetns(veth.netns(), "ip", "rule", "show").contains("lookup 4600"),
                            "the heal loop's rule, installed as nobody");

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

                RunningCli again = new RunningCli(new ProcessBuilder(asTheUnitStartsIt(n, unitCaps)).redirectErrorStream(true)
                        .directory(new java.io.File("/tmp")).start());
                try {
                    again.await(Pattern.compile("ebpf4j agent ready"));
                    assertTrue(again.output().contains("mesh filter: adopted the datapath pinned in " + n.pinDir()),
                            again.output());
                } finally {
                    again.stop();
                }
                assertEquals(0, again.process().exitValue(), again.output());

                ChildJvm.Outcome u = ChildJvm.run(n.wrapper(unitCaps), n.classPath(), List.of(), "agent", "--uninstall",
                        "--config", n.config().toString());
                assertEquals(0, u.exitCode(), u.output());
                assertFalse(Files.exists(n.pinDir()), u.output());
                assertFalse(Commands.inNetns(veth.netns(), "ip", "rule", "show").contains("lookup 4600"), u.output());
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
                List<String> unitCaps = AgentUnitFile.shipped().capabilities("AmbientCapabilities");
                for (String missing : unitCaps) {
                    List<String> others = unitCaps.stream().filter(c -> !c.equals(missing)).toList();
                    String problems = refusal(n, others);
                    assertTrue(NEEDED.containsKey(missing), "the unit grants CAP_" + missing + ", which no test proves needed");
                    assertTrue(problems.contains(NEEDED.get(missing)), "without CAP_" + missing + ": " + problems);
                    if (!missing.equals("bpf")) {
                        assertTrue(problems.contains(", uid 65534); remedy: "), problems);
                    }
                }

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

    /** The start-time refusal (exit 3) with {@code caps}: its lines naming the problems; nothing pinned, no rule. */
    private static String refusal(Node n, List<String> caps) throws Exception {
        ChildJvm.Outcome o = ChildJvm.run(n.wrapper(caps), n.classPath(), List.of(), "agent", "--config", n.config().toString());
        ChildJvm.assertNoCrash(o);
        assertEquals(3, o.exitCode(), o.output());
        assertFalse(Files.exists(n.pinDir()), "nothing pinned: " + o.output());
        assertFalse(Commands.inNetns(n.veth().netns(), "ip", "rule", "show").contains("lookup 4600"),
                "no heal rule left: " + o.output());
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
