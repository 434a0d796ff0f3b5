package io.ebpf4j.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Configuration texts for the tests and the assertions on what reading them says. */
final class Configs {
    /** The example configuration of the docs. */
    static final Path EXAMPLE = Path.of("..", "docs", "agent", "agent.example.yaml");

    /** A small valid configuration; line numbers are relied on by the tests. */
    static final String VALID = """
            node:
              spiffeId: spiffe://mesh.example/node/a
              interfaces: [eth0, eth1]
            peers:
              - spiffeId: spiffe://mesh.example/node/b
                cidrs: [10.0.1.0/24]
                probeAddress: 10.0.1.2
              - spiffeId: spiffe://mesh.example/node/c
                cidrs: [10.0.2.0/24, fd00:2::/64]
                action: deny
            probes:
              interval: 10ms
            services:
              - name: orders
                addresses: [198.19.0.2/32]
                port: 7002
                servedBy: spiffe://mesh.example/node/b
                replicas: [spiffe://mesh.example/node/c]
            metrics:
              listen: 127.0.0.1:9464
            """;

    private Configs() {}

    /** The example file's text. */
    static String example() throws java.io.IOException {
        return Files.readString(EXAMPLE);
    }

    /** {@code text} with the first occurrence of {@code from} replaced (which must be there). */
    static String replace(String text, String from, String to) {
        assertTrue(text.contains(from), "no '" + from + "' in\n" + text);
        return text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
    }

    /** The problems reading {@code yaml} reports (it must fail). */
    static List<ConfigProblem> problems(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> AgentConfig.parse(yaml, "agent.yaml"));
        return e.problems();
    }

    /** The one problem reading {@code yaml} reports. */
    static ConfigProblem only(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> AgentConfig.parse(yaml, "agent.yaml"));
        assertEquals(1, e.problems().size(), e.getMessage());
        return e.problems().getFirst();
    }

    /** Asserts a problem's path, line and that its message contains each of {@code phrases}. */
    static void assertProblem(ConfigProblem p, String path, int line, String... phrases) {
        assertEquals(path, p.path(), p.toString());
        assertEquals(line, p.line(), p.toString());
        for (String phrase : phrases) {
            assertTrue(p.message().contains(phrase), "'" + phrase + "' not in: " + p.describe("agent.yaml"));
        }
    }
}
