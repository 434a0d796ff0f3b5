package io.ebpf4j.agent.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A host and a port as the configuration writes them: {@code 127.0.0.1:9464}, {@code [fd00::1]:7950}
 * or {@code node-b.mesh.example:7950}. Parsing never looks anything up in DNS.
 *
 * @param host an IP address literal (IPv6 without brackets) or a host name
 * @param port 0..65535
 */
public record HostPort(String host, int port) {
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");

    public HostPort {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of 0..65535: " + port);
        }
        if (literal(host).isEmpty() && !HOST_NAME.matcher(host).matches()) {
            throw new IllegalArgumentException("'" + host + "' is neither an IP address nor a host name");
        }
    }

    /**
     * Parses {@code host:port} ({@code [v6]:port} for IPv6).
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static HostPort parse(String text) {
        String t = text.strip();
        String host;
        String port;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0 || close + 1 >= t.length() || t.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("an IPv6 address is written [address]:port");
            }
            host = t.substring(1, close);
            if (literal(host).filter(a -> a.getAddress().length == 16).isEmpty()) {
                throw new IllegalArgumentException("'" + host + "' in brackets is not an IPv6 address");
            }
            port = t.substring(close + 2);
        } else {
            int colon = t.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("no port");
            }
            if (t.indexOf(':') != colon) {
                throw new IllegalArgumentException("an IPv6 address is written in brackets: [address]:port");
            }
            host = t.substring(0, colon);
            port = t.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("no host");
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + port + "' is not a port number");
        }
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("port " + p + " is out of 0..65535");
        }
        return new HostPort(host, p);
    }

    /** The host as an address, when it is an IP address literal. */
    public Optional<InetAddress> address() {
        return literal(host);
    }

    /** The socket address, when the host is an IP address literal. */
    public Optional<InetSocketAddress> socketAddress() {
        return address().map(a -> new InetSocketAddress(a, port));
    }

    private static Optional<InetAddress> literal(String host) {
        try {
            return Optional.of(InetAddress.ofLiteral(host));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** {@code host:port}, with brackets around an IPv6 host. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
