package io.ebpf4j.agent.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import java.io.IOException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns the mistakes Jackson finds while binding (an unknown key, a value of the wrong type) into
 * {@link Problems} and carries on, with the key skipped or the value left null, so one reading finds
 * every such mistake instead of the first. A misspelt key is still an error: it is reported with the
 * keys that are allowed there (and the nearest one as a guess).
 */
final class CollectingProblemHandler extends DeserializationProblemHandler {

    @Override
    public boolean handleUnknownProperty(DeserializationContext ctx, JsonParser p, JsonDeserializer<?> deserializer,
            Object beanOrClass, String propertyName) throws IOException {
        Problems.of(ctx).at(unknownKeyPath(ctx, p, propertyName), message(propertyName, deserializer));
        p.skipChildren();
        return true;
    }

    /**
     * The path of an unknown key. Usually the parser is at the key's value. A record's deserializer,
     * though, buffers the unknown keys it meets before it has all its components and replays them
     * once the whole mapping is read: then the replaying parser knows no path, and the file's parser
     * is at the end of the mapping, in the mapping's parent.
     */
    private static String unknownKeyPath(DeserializationContext ctx, JsonParser p, String propertyName) {
        JsonParser file = ctx.getParser();
        if (p != file && file != null && file.currentToken() == JsonToken.END_OBJECT) {
            return KeyPath.key(KeyPath.of(file.getParsingContext()), propertyName);
        }
        String path = KeyPath.of(p.getParsingContext());
        return path.equals(propertyName) || path.endsWith("." + propertyName) ? path : KeyPath.key(path, propertyName);
    }

    private static String message(String propertyName, JsonDeserializer<?> deserializer) {
        Collection<Object> known = deserializer.getKnownPropertyNames();
        List<String> names = known == null ? List.of() : known.stream().map(Object::toString)
                .filter(n -> !n.equals("kind")).sorted().toList();
        StringBuilder m = new StringBuilder("unknown key '" + propertyName + "'");
        if (!names.isEmpty()) {
            nearest(propertyName, names).ifPresent(n -> m.append(" (did you mean '").append(n).append("'?)"));
            m.append(": expected one of ").append(String.join(", ", names));
        }
        return m.toString();
    }

    @Override
    public Object handleUnexpectedToken(DeserializationContext ctx, JavaType targetType, JsonToken t, JsonParser p,
            String failureMsg) throws IOException {
        Problems.of(ctx).at(p, "expected " + Tokens.expected(targetType) + ", got " + Tokens.describe(p));
        p.skipChildren();
        return null;
    }

    @Override
    public Object handleWeirdStringValue(DeserializationContext ctx, Class<?> targetType, String valueToConvert,
            String failureMsg) {
        Problems.of(ctx).at(ctx.getParser(), "expected " + Tokens.expected(targetType) + ", got '" + valueToConvert + "'");
        return null;
    }

    @Override
    public Object handleWeirdNumberValue(DeserializationContext ctx, Class<?> targetType, Number valueToConvert,
            String failureMsg) {
        Problems.of(ctx).at(ctx.getParser(), "expected " + Tokens.expected(targetType) + ", got " + valueToConvert);
        return null;
    }

    @Override
    public Object handleMissingInstantiator(DeserializationContext ctx, Class<?> instClass, ValueInstantiator valueInsts,
            JsonParser p, String msg) throws IOException {
        Problems.of(ctx).at(p, "expected " + Tokens.expected(instClass) + ", got " + Tokens.describe(p));
        p.skipChildren();
        return null;
    }

    /** The allowed key closest to {@code key} by edit distance, if it is close enough to be a typo. */
    static Optional<String> nearest(String key, List<String> allowed) {
        return allowed.stream().filter(n -> distance(key.toLowerCase(Locale.ROOT), n.toLowerCase(Locale.ROOT)) <= Math.max(1, n.length() / 3))
                .min(Comparator.comparingInt(n -> distance(key.toLowerCase(Locale.ROOT), n.toLowerCase(Locale.ROOT))));
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

}
