package io.ebpf4j.agent.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Binds an enum of the library (or of this package) from its name written in lower case with
 * {@code -} ({@code reset-received}, {@code reroute-around-link}); any case and {@code _} are
 * accepted too, and so is the constant's {@code toString()} ({@code tcp:tcp_retransmit_skb}). An
 * unknown name becomes a problem listing the names there are.
 */
final class EnumDeserializer<E extends Enum<E>> extends StdScalarDeserializer<E> {
    private static final long serialVersionUID = 1L;

    private final Class<E> type;

    EnumDeserializer(Class<E> type) {
        super(type);
        this.type = type;
    }

    /** The configuration's name of {@code e}: {@code RESET_RECEIVED} is {@code reset-received}. */
    static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The names of every constant of {@code type}, comma-separated. */
    static String names(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(EnumDeserializer::name).collect(Collectors.joining(", "));
    }

    @Override
    public E deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null || !t.isScalarValue()) {
            Problems.of(ctx).at(p, "expected one of " + names(type) + ", got " + Tokens.describe(p));
            p.skipChildren();
            return null;
        }
        String text = p.getText().strip();
        String wanted = text.toLowerCase(Locale.ROOT).replace('_', '-');
        for (E e : type.getEnumConstants()) {
            if (name(e).equals(wanted) || e.toString().equalsIgnoreCase(text)) {
                return e;
            }
        }
        Problems.of(ctx).at(p, "expected one of " + names(type) + ", got '" + text + "'");
        return null;
    }
}
