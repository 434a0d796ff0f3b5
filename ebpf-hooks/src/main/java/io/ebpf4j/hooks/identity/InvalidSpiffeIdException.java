package io.ebpf4j.hooks.identity;

/** A string that is not a SPIFFE ID; {@link #rule()} names the rule of the SPIFFE ID spec it breaks. */
public final class InvalidSpiffeIdException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The rules of the SPIFFE ID specification (SPIFFE-ID.md, section 2) that a parse checks. */
    public enum Rule {
        EMPTY("a SPIFFE ID cannot be empty"),
        TOO_LONG("a SPIFFE ID is at most 2048 bytes"),
        SCHEME("the scheme must be 'spiffe' (lowercase) followed by '://'"),
        EMPTY_TRUST_DOMAIN("the trust domain cannot be empty"),
        TRUST_DOMAIN_TOO_LONG("the trust domain is at most 255 characters"),
        TRUST_DOMAIN_CHARS("the trust domain may contain only lowercase letters, digits, '.', '-' and '_'"),
        USERINFO("a SPIFFE ID cannot carry user info ('@')"),
        PORT("the trust domain cannot carry a port (':')"),
        QUERY("a SPIFFE ID cannot have a query ('?')"),
        FRAGMENT("a SPIFFE ID cannot have a fragment ('#')"),
        EMPTY_SEGMENT("path segments cannot be empty ('//')"),
        DOT_SEGMENT("path segments cannot be '.' or '..'"),
        PATH_CHARS("path segments may contain only letters, digits, '.', '-' and '_' (no percent-encoding)"),
        TRAILING_SLASH("the path cannot end with '/'");

        private final String text;

        Rule(String text) {
            this.text = text;
        }

        /** The rule in words. */
        public String text() {
            return text;
        }
    }

    private final Rule rule;
    private final String input;

    InvalidSpiffeIdException(Rule rule, String input, String detail) {
        super("not a SPIFFE ID: '" + printable(input) + "': " + rule.text() + (detail == null ? "" : " (" + detail + ")"));
        this.rule = rule;
        this.input = input;
    }

    /** The rule broken. */
    public Rule rule() {
        return rule;
    }

    /** The rejected text. */
    public String input() {
        return input;
    }

    private static String printable(String s) {
        String cut = s.length() > 120 ? s.substring(0, 120) + "..." : s;
        StringBuilder b = new StringBuilder();
        cut.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
