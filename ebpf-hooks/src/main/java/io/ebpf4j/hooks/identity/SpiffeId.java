package io.ebpf4j.hooks.identity;

import io.ebpf4j.hooks.identity.InvalidSpiffeIdException.Rule;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A SPIFFE ID ({@code spiffe://trust-domain/path}), validated as the SPIFFE ID specification
 * requires: scheme {@code spiffe}; a trust domain of lowercase letters, digits, {@code .}, {@code -}
 * and {@code _}; no user info, port, query or fragment; path segments of letters, digits,
 * {@code .}, {@code -} and {@code _}, none empty, {@code .} or {@code ..}; no trailing {@code /}; at
 * most 2048 bytes. Immutable; equal when the text is equal.
 *
 * @param trustDomain the trust domain, e.g. {@code example.org}
 * @param path        the path including its leading {@code /}, or empty for a trust domain's own ID
 */
public record SpiffeId(String trustDomain, String path) {
    private static final String PREFIX = "spiffe://";
    /** Longest SPIFFE ID in bytes. */
    public static final int MAX_BYTES = 2048;
    private static final int MAX_TRUST_DOMAIN = 255;

    /** Validates both parts (as {@link #parse} would). */
    public SpiffeId {
        if (trustDomain == null || path == null) {
            throw new IllegalArgumentException("trust domain and path cannot be null");
        }
        String text = PREFIX + trustDomain + path;
        checkLength(text);
        checkTrustDomain(text, trustDomain);
        if (!path.isEmpty()) {
            checkPath(text, path);
        }
    }

    /**
     * Parses and validates a SPIFFE ID.
     *
     * @throws InvalidSpiffeIdException naming the first rule {@code text} breaks
     */
    public static SpiffeId parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidSpiffeIdException(Rule.EMPTY, text == null ? "" : text, null);
        }
        checkLength(text);
        if (!text.startsWith(PREFIX)) {
            throw new InvalidSpiffeIdException(Rule.SCHEME, text, schemeDetail(text));
        }
        String rest = text.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        String td = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash);
        checkTrustDomain(text, td);
        if (!path.isEmpty()) {
            checkPath(text, path);
        }
        return new SpiffeId(td, path);
    }

    /** A SPIFFE ID in {@code trustDomain} with the given path segments. */
    public static SpiffeId of(String trustDomain, String... segments) {
        return new SpiffeId(trustDomain, segments.length == 0 ? "" : "/" + String.join("/", segments));
    }

    /** The path segments, empty for a trust domain's own ID. */
    public List<String> segments() {
        return path.isEmpty() ? List.of() : Arrays.asList(path.substring(1).split("/", -1));
    }

    @Override
    public String toString() {
        return PREFIX + trustDomain + path;
    }

    private static void checkLength(String text) {
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new InvalidSpiffeIdException(Rule.TOO_LONG, text, bytes + " bytes");
        }
    }

    private static String schemeDetail(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            return "no scheme";
        }
        String scheme = text.substring(0, colon);
        if (scheme.equalsIgnoreCase("spiffe") && !scheme.equals("spiffe")) {
            return "scheme '" + scheme + "' is not lowercase";
        }
        return scheme.equals("spiffe") ? "'spiffe:' must be followed by '//'" : "scheme '" + scheme + "'";
    }

    private static void checkTrustDomain(String text, String td) {
        if (td.isEmpty()) {
            throw new InvalidSpiffeIdException(Rule.EMPTY_TRUST_DOMAIN, text, null);
        }
        for (int i = 0; i < td.length(); i++) {
            char c = td.charAt(i);
            if (c == '@') {
                throw new InvalidSpiffeIdException(Rule.USERINFO, text, null);
            }
            if (c == ':') {
                throw new InvalidSpiffeIdException(Rule.PORT, text, null);
            }
            if (c == '?') {
                throw new InvalidSpiffeIdException(Rule.QUERY, text, null);
            }
            if (c == '#') {
                throw new InvalidSpiffeIdException(Rule.FRAGMENT, text, null);
            }
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_')) {
                throw new InvalidSpiffeIdException(Rule.TRUST_DOMAIN_CHARS, text, "'" + c + "' at " + i);
            }
        }
        if (td.length() > MAX_TRUST_DOMAIN) {
            throw new InvalidSpiffeIdException(Rule.TRUST_DOMAIN_TOO_LONG, text, td.length() + " characters");
        }
    }

    private static void checkPath(String text, String path) {
        if (path.charAt(0) != '/') {
            throw new InvalidSpiffeIdException(Rule.PATH_CHARS, text, "the path must start with '/'");
        }
        int start = 1;
        for (int i = 1; i <= path.length(); i++) {
            if (i < path.length() && path.charAt(i) != '/') {
                char c = path.charAt(i);
                if (c == '?') {
                    throw new InvalidSpiffeIdException(Rule.QUERY, text, null);
                }
                if (c == '#') {
                    throw new InvalidSpiffeIdException(Rule.FRAGMENT, text, null);
                }
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                        || c == '-' || c == '_')) {
                    throw new InvalidSpiffeIdException(Rule.PATH_CHARS, text, "'" + c + "' at path offset " + i);
                }
                continue;
            }
            String segment = path.substring(start, i);
            if (segment.isEmpty()) {
                throw new InvalidSpiffeIdException(i == path.length() ? Rule.TRAILING_SLASH : Rule.EMPTY_SEGMENT,
                        text, null);
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new InvalidSpiffeIdException(Rule.DOT_SEGMENT, text, "segment '" + segment + "'");
            }
            start = i + 1;
        }
    }
}
