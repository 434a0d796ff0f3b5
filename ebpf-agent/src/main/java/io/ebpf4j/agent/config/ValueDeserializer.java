package io.ebpf4j.agent.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.util.function.Function;

/**
 * Binds one scalar through a parser of the library (SPIFFE IDs, CIDRs, durations, addresses). A value
 * the parser refuses is not an error that stops the reading: it becomes a problem at its key path
 * ("expected a CIDR like 10.0.0.0/24, got '10.0.0.300/24' (...)") and the value is left null, so
 * every other mistake in the file is found in the same reading.
 */
final class ValueDeserializer<T> extends StdScalarDeserializer<T> {
    private static final long serialVersionUID = 1L;

    private final String expected;
    private final transient Function<String, T> parse;

    /**
     * @param type     the bound type
     * @param expected what a value looks like, after "expected ", e.g. {@code "a CIDR like 10.0.0.0/24"}
     * @param parse    the parser; an {@link IllegalArgumentException} it throws says why a text is refused
     */
    ValueDeserializer(Class<T> type, String expected, Function<String, T> parse) {
        super(type);
        this.expected = expected;
        this.parse = parse;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null || !t.isScalarValue()) {
            Problems.of(ctx).at(p, "expected " + expected + ", got " + Tokens.describe(p));
            p.skipChildren();
            return null;
        }
        String text = p.getText();
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            String why = e.getMessage();
            Problems.of(ctx).at(p, "expected " + expected + ", got '" + text + "'"
                    + (why == null || why.isBlank() ? "" : " (" + why + ")"));
            return null;
        }
    }
}
