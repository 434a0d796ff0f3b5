package io.ebpf4j.hooks.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SnmpCountersTest {
    static final String SNMP = """
            Ip: Forwarding DefaultTTL InReceives
            Ip: 1 64 1000
            Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors
            Tcp: 1 200 120000 -1 10 11 2 3 4 500 600 7 8 9 0
            """;
    static final String NETSTAT = """
            TcpExt: SyncookiesSent TCPLostRetransmit TCPTimeouts
            TcpExt: 0 42 5
            """;

    @Test
    void parsesSampleText() {
        SnmpCounters s = SnmpCounters.parse(SNMP);
        assertEquals(OptionalLong.of(7), s.get("Tcp", "RetransSegs"));
        assertEquals(OptionalLong.of(9), s.get("Tcp", "OutRsts"));
        assertEquals(OptionalLong.of(3), s.get("Tcp", "EstabResets"));
        assertEquals(OptionalLong.of(-1), s.get("Tcp", "MaxConn"));
        assertEquals(OptionalLong.of(1000), s.get("Ip", "InReceives"));
        assertEquals(OptionalLong.empty(), s.get("Tcp", "Nope"));
        assertEquals(OptionalLong.of(42), SnmpCounters.parse(NETSTAT).get("TcpExt", "TCPLostRetransmit"));
    }

    @Test
    void rejectsUnpairedLines() {
        assertThrows(IllegalArgumentException.class, () -> SnmpCounters.parse("Tcp: A B\nUdp: 1 2\n"));
        assertThrows(IllegalArgumentException.class, () -> SnmpCounters.parse("Tcp: A B\nTcp: 1\n"));
        assertThrows(IllegalArgumentException.class, () -> SnmpCounters.parse("Tcp: A B\nTcp: 1 x\n"));
    }

    /** The real files: a loopback TCP connection shows up in Tcp ActiveOpens and PassiveOpens. */
    @Test
    void readsTheRealFilesAndSeesALoopbackConnection() throws IOException {
        SnmpCounters before = SnmpCounters.read();
        assertTrue(before.get("TcpExt", "TCPLostRetransmit").isPresent(), "netstat read: " + before.groups().keySet());
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket c = new Socket()) {
            c.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
            server.accept().close();
        }
        SnmpCounters after = SnmpCounters.read();
        assertTrue(after.get("Tcp", "ActiveOpens").getAsLong() >= before.get("Tcp", "ActiveOpens").getAsLong() + 1);
        assertTrue(after.get("Tcp", "PassiveOpens").getAsLong() >= before.get("Tcp", "PassiveOpens").getAsLong() + 1);
    }
}
