package io.ebpf4j.agent.config;

import com.fasterxml.jackson.databind.module.SimpleModule;
import io.ebpf4j.hooks.alert.Severity;
import io.ebpf4j.hooks.identity.InvalidSpiffeIdException;
import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.hooks.mesh.Action;
import io.ebpf4j.hooks.mesh.IpProtocol;
import io.ebpf4j.hooks.netevents.NetEventKind;
import io.ebpf4j.hooks.netevents.NetTracepoint;
import io.ebpf4j.hooks.syscall.Syscall;
import io.ebpf4j.link.XdpMode;
import io.ebpf4j.map.Cidr;
import java.net.InetAddress;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * The value types of the configuration, each read with the library's own parser (and the numbers and
 * booleans with strict parsers of their own, so a refused one is reported at its key like the rest): {@link SpiffeId#parse},
 * {@link Cidr#parse}, {@link Durations#parse}, {@link HostPort#parse}, {@link InetAddress#ofLiteral}
 * (never DNS), {@link Path#of}, and the library's enums by their lower-case names.
 */
final class ConfigModule extends SimpleModule {
    private static final long serialVersionUID = 1L;

    ConfigModule() {
        super("ebpf4j-agent-config");
        value(SpiffeId.class, "a SPIFFE ID like spiffe://example.org/node/a", t -> {
            try {
                return SpiffeId.parse(t);
            } catch (InvalidSpiffeIdException e) {
                throw new IllegalArgumentException(e.rule().text(), e);
            }
        });
        value(Cidr.class, "a CIDR like 10.0.0.0/24", t -> {
            try {
                return Cidr.parse(t);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage().replace(" in CIDR '" + t + "'", ""), e);
            }
        });
        value(Duration.class, "a duration like 10ms or 2s", Durations::parse);
        value(HostPort.class, "an address and port like 127.0.0.1:9464", HostPort::parse);
        value(InetAddress.class, "an IP address like 10.0.1.2", t -> {
            try {
                return InetAddress.ofLiteral(t.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("only address literals: nothing is looked up in DNS", e);
            }
        });
        value(Path.class, "a file path", t -> {
            try {
                return Path.of(t);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException(e.getReason(), e);
            }
        });
        value(Integer.class, "a whole number", t -> (int) whole(t, Integer.MIN_VALUE, Integer.MAX_VALUE));
        value(Long.class, "a whole number", t -> whole(t, Long.MIN_VALUE, Long.MAX_VALUE));
        value(Double.class, "a number like 0.2", t -> {
            double d;
            try {
                d = Double.parseDouble(t.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("", e);
            }
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("not a finite number");
            }
            return d;
        });
        value(Boolean.class, "true or false", t -> switch (t.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("");
        });
        enumeration(Action.class);
        enumeration(IpProtocol.class);
        enumeration(XdpMode.class);
        enumeration(Severity.class);
        enumeration(Syscall.class);
        enumeration(NetEventKind.class);
        enumeration(NetTracepoint.class);
        enumeration(HealingAction.class);
    }

    /** A whole number in {@code min..max} (no fraction, no exponent). */
    private static long whole(String text, long min, long max) {
        long n;
        try {
            n = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("", e);
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("out of " + min + ".." + max);
        }
        return n;
    }

    private <T> void value(Class<T> type, String expected, Function<String, T> parse) {
        addDeserializer(type, new ValueDeserializer<>(type, expected, parse));
    }

    private <E extends Enum<E>> void enumeration(Class<E> type) {
        addDeserializer(type, new EnumDeserializer<>(type));
    }
}
