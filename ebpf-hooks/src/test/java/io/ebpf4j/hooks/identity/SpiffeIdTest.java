package io.ebpf4j.hooks.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.hooks.identity.InvalidSpiffeIdException.Rule;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpiffeIdTest {

    @Test
    void parsesValidIds() {
        SpiffeId id = SpiffeId.parse("spiffe://example.org/ns/prod/sa/web-1_A.b");
        assertEquals("example.org", id.trustDomain());
        assertEquals("/ns/prod/sa/web-1_A.b", id.path());
        assertEquals(List.of("ns", "prod", "sa", "web-1_A.b"), id.segments());
        assertEquals("spiffe://example.org/ns/prod/sa/web-1_A.b", id.toString());
        assertEquals(id, SpiffeId.of("example.org", "ns", "prod", "sa", "web-1_A.b"));
        SpiffeId td = SpiffeId.parse("spiffe://my_trust-domain.1");
        assertEquals("", td.path());
        assertEquals(List.of(), td.segments());
        assertEquals(SpiffeId.parse("spiffe://a/..b"), SpiffeId.of("a", "..b"), "dots inside a segment are fine");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|EMPTY",
        "http://example.org/a|SCHEME",
        "SPIFFE://example.org/a|SCHEME",
        "spiffe:/example.org/a|SCHEME",
        "example.org/a|SCHEME",
        "spiffe:///a|EMPTY_TRUST_DOMAIN",
        "spiffe://|EMPTY_TRUST_DOMAIN",
        "spiffe://Example.org/a|TRUST_DOMAIN_CHARS",
        "spiffe://exa mple.org|TRUST_DOMAIN_CHARS",
        "spiffe://exa%41mple.org|TRUST_DOMAIN_CHARS",
        "spiffe://user@example.org/a|USERINFO",
        "spiffe://example.org:8443/a|PORT",
        "spiffe://example.org?x=1|QUERY",
        "spiffe://example.org/a?x=1|QUERY",
        "spiffe://example.org#frag|FRAGMENT",
        "spiffe://example.org/a#frag|FRAGMENT",
        "spiffe://example.org//a|EMPTY_SEGMENT",
        "spiffe://example.org/a//b|EMPTY_SEGMENT",
        "spiffe://example.org/./a|DOT_SEGMENT",
        "spiffe://example.org/a/..|DOT_SEGMENT",
        "spiffe://example.org/a%20b|PATH_CHARS",
        "spiffe://example.org/a b|PATH_CHARS",
        "spiffe://example.org/caf\u00e9|PATH_CHARS",
        "spiffe://example.org/|TRAILING_SLASH",
        "spiffe://example.org/a/|TRAILING_SLASH",
    })
    void rejectsEachRuleByName(String text, Rule rule) {
        InvalidSpiffeIdException e = assertThrows(InvalidSpiffeIdException.class, () -> SpiffeId.parse(text));
        assertEquals(rule, e.rule(), e.getMessage());
        assertTrue(e.getMessage().contains(rule.text()), e.getMessage());
    }

    @Test
    void lengthLimits() {
        String base = "spiffe://example.org/";
        assertEquals(SpiffeId.MAX_BYTES, SpiffeId.parse(base + "a".repeat(SpiffeId.MAX_BYTES - base.length()))
                .toString().length());
        assertEquals(Rule.TOO_LONG, assertThrows(InvalidSpiffeIdException.class,
                () -> SpiffeId.parse(base + "a".repeat(SpiffeId.MAX_BYTES - base.length() + 1))).rule());
        assertEquals(Rule.TRUST_DOMAIN_TOO_LONG, assertThrows(InvalidSpiffeIdException.class,
                () -> SpiffeId.parse("spiffe://" + "a".repeat(256))).rule());
        assertEquals(Rule.EMPTY, assertThrows(InvalidSpiffeIdException.class, () -> SpiffeId.parse(null)).rule());
    }

    @Test
    void constructorValidatesToo() {
        assertEquals(Rule.DOT_SEGMENT, assertThrows(InvalidSpiffeIdException.class,
                () -> new SpiffeId("example.org", "/a/..")).rule());
        assertEquals(Rule.TRUST_DOMAIN_CHARS, assertThrows(InvalidSpiffeIdException.class,
                () -> SpiffeId.of("EXAMPLE", "a")).rule());
    }

    @Property(tries = 500)
    void validIdsRoundTrip(@ForAll("validIds") String text) {
        assertEquals(text, SpiffeId.parse(text).toString());
    }

    @Property(tries = 500)
    void anyStringParsesOrNamesARule(@ForAll("junk") String text) {
        try {
            SpiffeId id = SpiffeId.parse(text);
            assertEquals(text, id.toString());
        } catch (InvalidSpiffeIdException e) {
            assertTrue(e.getMessage().contains(e.rule().text()));
        }
    }

    @Provide
    Arbitrary<String> validIds() {
        Arbitrary<String> td = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789.-_").ofMinLength(1)
                .ofMaxLength(30);
        Arbitrary<String> seg = Arbitraries.strings().withChars("abcXYZ019.-_").ofMinLength(1).ofMaxLength(12)
                .filter(s -> !s.equals(".") && !s.equals(".."));
        return td.flatMap(t -> seg.list().ofMaxSize(6).map(l -> "spiffe://" + t + (l.isEmpty() ? "" : "/" + String.join("/", l))));
    }

    @Provide
    Arbitrary<String> junk() {
        return Arbitraries.strings().withChars("spife:/.-_@?#%aZ09 ").ofMaxLength(40).map(s -> "spiffe://" + s)
                .injectDuplicates(0.0);
    }
}
