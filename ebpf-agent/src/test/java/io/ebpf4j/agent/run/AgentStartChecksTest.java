package io.ebpf4j.agent.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.agent.AgentPlan;
import io.ebpf4j.agent.config.AgentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is checked before anything starts, and the uninstall of what is in the pin directory; no BPF
 * program or map is created (the pin directories are directories of /sys/fs/bpf, removed in {@code finally}).
 */
class AgentStartChecksTest {
    private static String config(Path dir, String ifname) {
        return config(dir, ifname, AgentConfigs.pins(dir));
    }

    private static String config(Path dir, String ifname, Path pins) {
        return """
                node:
                  spiffeId: spiffe://test.example/node/a
                  interfaces: [lo, %s]
                metrics:
                  listen: 127.0.0.1:0
                journal: %s
                pinDir: %s
                """.formatted(ifname, dir.resolve("j").resolve("journal.jsonl"), pins);
    }

    @Test
    void aMissingInterfaceIsNamedWithItsKeyAndNothingStarts(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("agent.yaml"), config(dir, "e4jnosuch0"));
        AgentStartException e = assertThrows(AgentStartException.class, () -> AgentRuntime.start(file));
        assertEquals("interface 'e4jnosuch0' (node.interfaces[1]) does not exist in this network namespace; remedy: "
                + "create it or fix node.interfaces (`ip link` lists the interfaces)", e.problems().getFirst());
        assertTrue(e.getMessage().contains("e4jnosuch0"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("j")), "nothing was created: " + dir);
        assertFalse(Files.exists(AgentConfigs.pins(dir)), "nothing was pinned");
    }

    @Test
    void uninstallRemovesAnEmptyPinDirectoryKeepsOneWithForeignEntriesAndAlwaysKeepsTheJournal(@TempDir Path dir)
            throws Exception {
        Path pins = AgentConfigs.pins(dir);
        AgentPlan plan = AgentPlan.of(AgentConfig.parse(config(dir, "e4jnone"), "test"));
        try {
            UninstallResult nothing = AgentRuntime.uninstall(plan);
            assertTrue(nothing.complete(), nothing.toString());
            assertEquals(1, nothing.removed().size());
            assertTrue(nothing.removed().getFirst().startsWith("nothing pinned"), nothing.toString());

            Files.createDirectories(pins);
            UninstallResult empty = AgentRuntime.uninstall(plan);
            assertTrue(empty.complete(), empty.toString());
            assertEquals(List.of("the pin directory " + pins), empty.removed());
            assertFalse(Files.exists(pins));

            Files.createDirectories(pins.resolve("someone-elses")); // bpffs holds directories and pins, no files
            Files.createDirectories(dir.resolve("j"));
            Files.writeString(dir.resolve("j").resolve("journal.jsonl"), "{}\n");
            UninstallResult foreign = AgentRuntime.uninstall(plan);
            assertFalse(foreign.complete(), foreign.toString());
            assertEquals(List.of(), foreign.removed());
            assertTrue(foreign.kept().getFirst().contains("1 entry the agent did not pin (someone-elses)"),
                    foreign.toString());
            assertTrue(foreign.kept().getLast().startsWith("the journal "), foreign.toString());
            assertTrue(Files.exists(pins.resolve("someone-elses")));
            assertEquals("{}\n", Files.readString(dir.resolve("j").resolve("journal.jsonl")));
        } finally {
            Files.deleteIfExists(pins.resolve("someone-elses"));
            Files.deleteIfExists(pins);
        }
    }

    @Test
    void uninstallLeavesAPinDirectoryOffBpffsAndSaysWhy(@TempDir Path dir) throws Exception {
        Path offBpffs = Files.createDirectories(dir.resolve("pins"));
        AgentPlan plan = AgentPlan.of(AgentConfig.parse(config(dir, "e4jnone", offBpffs), "test"));
        UninstallResult r = AgentRuntime.uninstall(plan);
        assertFalse(r.complete(), r.toString());
        assertEquals(List.of(), r.removed());
        assertTrue(r.kept().getFirst().startsWith(offBpffs + ": "), r.toString());
        assertTrue(r.kept().getFirst().contains("mount -t bpf bpf /sys/fs/bpf"), r.toString());
        assertTrue(Files.exists(offBpffs), "left in place");
    }
}
