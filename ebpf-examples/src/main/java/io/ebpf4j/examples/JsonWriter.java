package io.ebpf4j.examples;

/**
 * A minimal JSON writer for the doctor's machine-readable output (no dependency needed for that).
 * Callers emit values in order; commas are placed automatically.
 */
final class JsonWriter {
    private final StringBuilder sb = new StringBuilder();
    private boolean needComma;

    JsonWriter beginObject() {
        comma();
        sb.append('{');
        needComma = false;
        return this;
    }

    JsonWriter endObject() {
        sb.append('}');
        needComma = true;
        return this;
    }

    JsonWriter beginArray() {
        comma();
        sb.append('[');
        needComma = false;
        return this;
    }

    JsonWriter endArray() {
        sb.append(']');
        needComma = true;
        return this;
    }

    /** A member name; the next value belongs to it. */
    JsonWriter name(String name) {
        comma();
        string(name);
        sb.append(':');
        needComma = false;
        return this;
    }

    JsonWriter value(String v) {
        comma();
        if (v == null) {
            sb.append("null");
        } else {
            string(v);
        }
        needComma = true;
        return this;
    }

    JsonWriter value(long v) {
        comma();
        sb.append(v);
        needComma = true;
        return this;
    }

    JsonWriter value(boolean v) {
        comma();
        sb.append(v);
        needComma = true;
        return this;
    }

    JsonWriter field(String name, String v) {
        return name(name).value(v);
    }

    JsonWriter field(String name, long v) {
        return name(name).value(v);
    }

    JsonWriter field(String name, boolean v) {
        return name(name).value(v);
    }

    private void comma() {
        if (needComma) {
            sb.append(',');
        }
    }

    private void string(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
