package io.ebpf4j.hooks.privilege;

import io.ebpf4j.hooks.netevents.Endpoint;
import io.ebpf4j.hooks.netevents.NetAttachPath;
import io.ebpf4j.hooks.netevents.NetEvents;
import io.ebpf4j.hooks.netevents.NetTracepoint;
import io.ebpf4j.hooks.netevents.PeerCounters;
import io.ebpf4j.hooks.syscall.AttachPath;
import io.ebpf4j.hooks.syscall.Syscall;
import io.ebpf4j.hooks.syscall.SyscallLatency;
import io.ebpf4j.hooks.testutil.RawSockets;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;

/**
 * Run by {@link HookPrivilegeTest} in a child JVM with dropped privileges: starts the syscall hook and
 * network events on the attach path named by each argument ({@code syscall:default},
 * {@code syscall:TRACEPOINT}, {@code net:default}, {@code net:TRACEPOINT}), makes traffic they must
 * see, and prints one line each: {@code <hook> <path>: counted N} or {@code <hook> <asked>: refused: <message>}.
 */
public final class HookPrivilegeMain {
    private static final int CALLS = 100;

    private HookPrivilegeMain() {}

    public static void main(String[] args) throws Exception {
        for (String a : args) {
            String[] hookAndPath = a.split(":");
            String path = hookAndPath[1];
            try {
                System.out.println(hookAndPath[0].equals("syscall") ? syscalls(path) : netEvents(path));
            } catch (RuntimeException e) {
                System.out.println(hookAndPath[0] + " " + path + ": refused: " + e.getMessage());
            }
        }
        System.out.flush();
    }

    /** sendto calls of this process, counted. */
    private static String syscalls(String path) {
        SyscallLatency.Builder b = SyscallLatency.builder().syscalls(Set.of(Syscall.SENDTO))
                .tgid(ProcessHandle.current().pid());
        if (!path.equals("default")) {
            b.attachPath(AttachPath.valueOf(path));
        }
        try (SyscallLatency sl = b.build(); RawSockets udp = RawSockets.udpBound()) {
            for (int i = 0; i < CALLS; i++) {
                udp.sendTo(udp.port(), 8);
            }
            return "syscall " + sl.attachPath() + ": counted " + sl.histogram(Syscall.SENDTO).count();
        }
    }

    /** A connect to a closed loopback port: the reset this socket receives, counted. */
    private static String netEvents(String path) throws Exception {
        NetEvents.Builder b = NetEvents.builder().tracepoints(Set.of(NetTracepoint.TCP_RECEIVE_RESET));
        if (!path.equals("default")) {
            b.attachPath(NetAttachPath.valueOf(path));
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (NetEvents ne = b.build()) {
            try (RawSockets tcp = RawSockets.tcp()) {
                tcp.connect(port);
            }
            Endpoint server = new Endpoint(InetAddress.getLoopbackAddress(), port);
            long resets = 0;
            for (int i = 0; i < 100 && resets == 0; i++) {
                resets = ne.peer(server).map(PeerCounters::resetsReceived).orElse(0L);
                Thread.sleep(20);
            }
            return "net " + ne.attachPath() + ": counted " + resets;
        }
    }
}
