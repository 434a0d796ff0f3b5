package io.ebpf4j.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostPortTest {

    @Test
    void addressesAndHostNames() {
        HostPort v4 = HostPort.parse("127.0.0.1:9464");
        assertEquals(new HostPort("127.0.0.1", 9464), v4);
        assertEquals(Optional.of(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 9464)), v4.socketAddress());
        HostPort v6 = HostPort.parse("[fd00::1]:7950");
        assertEquals("fd00::1", v6.host());
        assertEquals("[fd00::1]:7950", v6.toString());
        HostPort name = HostPort.parse("node-c.mesh.example:7950");
        assertTrue(name.address().isEmpty(), "a host name is not looked up");
        assertEquals("node-c.mesh.example:7950", name.toString());
    }

    @Test
    void refusalsSayWhy() {
        assertEquals("no port", message("127.0.0.1"));
        assertEquals("an IPv6 address is written in brackets: [address]:port", message("::1:80"));
        assertEquals("an IPv6 address is written [address]:port", message("[::1]80"));
        assertEquals("'10.0.0.1' in brackets is not an IPv6 address", message("[10.0.0.1]:80"));
        assertEquals("'http' is not a port number", message("host:http"));
        assertEquals("port 65536 is out of 0..65535", message("host:65536"));
        assertEquals("no host", message(":80"));
        assertEquals("'bad_host!' is neither an IP address nor a host name", message("bad_host!:80"));
    }

    private static String message(String text) {
        return assertThrows(IllegalArgumentException.class, () -> HostPort.parse(text)).getMessage();
    }
}
