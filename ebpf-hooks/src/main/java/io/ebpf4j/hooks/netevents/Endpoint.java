package io.ebpf4j.hooks.netevents;

import java.net.InetAddress;
import java.util.Objects;

/**
 * An IP address and port (0 where the tracepoint has none). IPv4-mapped IPv6 addresses appear as
 * IPv4 addresses.
 */
public record Endpoint(InetAddress address, int port) {
    public Endpoint {
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("not a port: " + port);
        }
    }

    @Override
    public String toString() {
        String a = address.getHostAddress();
        return (a.indexOf(':') >= 0 ? "[" + a + "]" : a) + ":" + port;
    }
}
