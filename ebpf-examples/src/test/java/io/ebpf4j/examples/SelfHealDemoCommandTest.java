package io.ebpf4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The experiment's command line: its options and its answers to bad input (the run itself is tested in ebpf-heal). */
class SelfHealDemoCommandTest {
    @Test
    void helpListsTheExperimentsOptions() {
        Cli.Result r = Cli.run("self-heal-demo", "--help");
        assertEquals(0, r.exit());
        for (String option : new String[] {"--duration", "--seed", "--faults", "--clean-soak", "--out", "--metrics-port"}) {
            assertTrue(r.out().contains(option), option + " in\n" + r.out());
        }
    }

    @Test
    void anUnknownFaultKindIsRefusedByName() {
        String err = stderr(() -> assertEquals(2, Cli.run("self-heal-demo", "--faults", "loss,meteor").exit()));
        assertTrue(err.contains("unknown fault kind 'meteor'"), err);
    }

    @Test
    void aMeshSizeOutOfRangeIsRefused() {
        String err = stderr(() -> assertEquals(2, Cli.run("self-heal-demo", "--nodes", "12").exit()));
        assertTrue(err.contains("nodes must be 3 to 8"), err);
    }

    private static String stderr(Runnable r) {
        java.io.PrintStream old = System.err;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(old);
        }
        return buf.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
