package io.ebpf4j.agent.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.agent.AgentPlan;
import io.ebpf4j.agent.config.AgentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is checked before anything starts, and the uninstall; no kernel object is created. */
class AgentStartChecksTest {
    private static String config(Path dir, String ifname) {
        return """
                node:
                  spiffeId: spiffe://test.example/node/a
                  interfaces: [lo, %s]
                metrics:
                  listen: 127.0.0.1:0
                journal: %s
                pinDir: %s
                """.formatted(ifname, dir.resolve("j").resolve("journal.jsonl"), dir.resolve("pins"));
    }

    @Test
    void aMissingInterfaceIsNamedWithItsKeyAndNothingStarts(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("agent.yaml"), config(dir, "e4jnosuch0"));
        AgentStartException e = assertThrows(AgentStartException.class, () -> AgentRuntime.start(file));
        assertEquals("interface 'e4jnosuch0' (node.interfaces[1]) does not exist in this network namespace; remedy: "
                + "create it or fix node.interfaces (`ip link` lists the interfaces)", e.problems().getFirst());
        assertTrue(e.getMessage().contains("e4jnosuch0"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("j")), "nothing was created: " + dir);
    }

    @Test
    void uninstallRemovesAnEmptyPinDirectoryKeepsOneWithForeignEntriesAndAlwaysKeepsTheJournal(@TempDir Path dir)
            throws Exception {
        AgentPlan plan = AgentPlan.of(AgentConfig.parse(config(dir, "e4jnone"), "test"));
        UninstallResult nothing = AgentRuntime.uninstall(plan);
        assertTrue(nothing.complete(), nothing.toString());
        assertEquals(1, nothing.removed().size());
        assertTrue(nothing.removed().getFirst().startsWith("nothing pinned"), nothing.toString());

        Files.createDirectories(dir.resolve("pins"));
        UninstallResult empty = AgentRuntime.uninstall(plan);
        assertTrue(empty.complete(), empty.toString());
        assertEquals(java.util.List.of("the empty pin directory " + dir.resolve("pins").toAbsolutePath()), empty.removed());
        assertFalse(Files.exists(dir.resolve("pins")));

        Files.createDirectories(dir.resolve("pins"));
        Files.writeString(dir.resolve("pins").resolve("someone-elses"), "x");
        Files.createDirectories(dir.resolve("j"));
        Files.writeString(dir.resolve("j").resolve("journal.jsonl"), "{}\n");
        UninstallResult foreign = AgentRuntime.uninstall(plan);
        assertFalse(foreign.complete(), foreign.toString());
        assertEquals(java.util.List.of(), foreign.removed());
        assertTrue(foreign.kept().getFirst().contains("1 entry this agent version did not pin (someone-elses)"),
                foreign.toString());
        assertTrue(foreign.kept().getLast().startsWith("the journal "), foreign.toString());
        assertTrue(Files.exists(dir.resolve("pins").resolve("someone-elses")));
        assertEquals("{}\n", Files.readString(dir.resolve("j").resolve("journal.jsonl")));
    }
}
