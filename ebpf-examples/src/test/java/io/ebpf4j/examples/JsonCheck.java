package io.ebpf4j.examples;

/** A strict little JSON syntax check for the doctor's output (no parser dependency in the tests). */
final class JsonCheck {
    private final String s;
    private int i;

    private JsonCheck(String s) {
        this.s = s;
    }

    static void validate(String json) {
        JsonCheck c = new JsonCheck(json);
        c.value();
        c.ws();
        if (c.i != json.length()) {
            throw c.error("trailing text");
        }
    }

    private void value() {
        ws();
        if (i >= s.length()) throw error("unexpected end");
        char ch = s.charAt(i);
        switch (ch) {
            case '{' -> members('}', true);
            case '[' -> members(']', false);
            case '"' -> string();
            default -> literal();
        }
    }

    private void members(char close, boolean object) {
        i++;
        ws();
        if (s.charAt(i) == close) {
            i++;
            return;
        }
        while (true) {
            if (object) {
                ws();
                string();
                ws();
                expect(':');
            }
            value();
            ws();
            if (s.charAt(i) == ',') {
                i++;
            } else {
                expect(close);
                return;
            }
        }
    }

    private void string() {
        expect('"');
        while (s.charAt(i) != '"') {
            if (s.charAt(i) < 0x20) throw error("control character in string");
            i += s.charAt(i) == '\\' ? 2 : 1;
        }
        i++;
    }

    private void literal() {
        int start = i;
        while (i < s.length() && "-+.eE0123456789truefalsn".indexOf(s.charAt(i)) >= 0) i++;
        String lit = s.substring(start, i);
        if (!(lit.equals("true") || lit.equals("false") || lit.equals("null") || lit.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?"))) {
            throw error("bad literal '" + lit + "'");
        }
    }

    private void expect(char c) {
        if (i >= s.length() || s.charAt(i) != c) throw error("expected '" + c + "'");
        i++;
    }

    private void ws() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
    }

    private AssertionError error(String what) {
        return new AssertionError(what + " at " + i + ": ..." + s.substring(Math.max(0, i - 40), Math.min(s.length(), i + 40)));
    }
}
