package io.ebpf4j.agent.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JavaType;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;

/** Words for what a file holds and what a key wants, for the problems' "expected X, got Y". */
final class Tokens {
    private Tokens() {}

    /** What the parser is at: {@code a list}, {@code a mapping}, {@code '10ms'}, {@code 42}, {@code nothing}. */
    static String describe(JsonParser p) {
        JsonToken t = p.currentToken();
        if (t == null) {
            return "the end of the file";
        }
        try {
            return switch (t) {
                case START_ARRAY -> "a list";
                case START_OBJECT, FIELD_NAME -> "a mapping";
                case VALUE_NULL -> "nothing";
                case VALUE_STRING -> "'" + p.getText() + "'";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> p.getText();
                default -> t.asString() == null ? t.name() : t.asString();
            };
        } catch (IOException e) {
            return t.name();
        }
    }

    /** What a value of {@code type} is written as. */
    static String expected(JavaType type) {
        Class<?> c = type.getRawClass();
        if (c == String.class) {
            return "a text";
        }
        if (c == Integer.class || c == int.class || c == Long.class || c == long.class) {
            return "a whole number";
        }
        if (c == Double.class || c == double.class) {
            return "a number";
        }
        if (c == Boolean.class || c == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(c) || c.isArray()) {
            return "a list";
        }
        if (c.isEnum()) {
            @SuppressWarnings("unchecked")
            Class<? extends Enum<?>> e = (Class<? extends Enum<?>>) c;
            return "one of " + EnumDeserializer.names(e);
        }
        if (Map.class.isAssignableFrom(c) || c.isRecord() || c.isInterface()) {
            return "a mapping (key: value lines)";
        }
        return "a " + c.getSimpleName();
    }

    /** {@link #expected(JavaType)} for a class. */
    static String expected(Class<?> c) {
        return expected(com.fasterxml.jackson.databind.type.TypeFactory.defaultInstance().constructType(c));
    }
}
