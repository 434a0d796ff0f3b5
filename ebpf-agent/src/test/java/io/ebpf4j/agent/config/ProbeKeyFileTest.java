package io.ebpf4j.agent.config;

import static io.ebpf4j.agent.config.Configs.VALID;
import static io.ebpf4j.agent.config.Configs.assertProblem;
import static io.ebpf4j.agent.config.Configs.only;
import static io.ebpf4j.agent.config.Configs.replace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.hooks.identity.SpiffeId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code probes.auth.keyFile}: the file's format, its mode and its subjects, each mistake named with its line. */
class ProbeKeyFileTest {
    static final String K1 = "1:000102030405060708090a0b0c0d0e0f";
    static final String K2 = "2:101112131415161718191a1b1c1d1e1f";

    @TempDir
    Path dir;

    private Path keys(String text, String mode) throws Exception {
        Path f = dir.resolve("probe.keys");
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    private static String config(Path keyFile) {
        return replace(VALID, "  interval: 10ms\n", "  interval: 10ms\n  auth:\n    keyFile: " + keyFile + "\n");
    }

    @Test
    void aValidFileGivesTheMeshAndPairKeys() throws Exception {
        Path f = keys("# keys\n*  " + K1 + "\n\nspiffe://mesh.example/node/b " + K2 + "\nspiffe://mesh.example/node/b "
                + K1 + "\n", "rw-------");
        AgentConfig c = AgentConfig.parse(config(f), "agent.yaml");
        assertTrue(c.probes().auth().effectiveRequired());
        ProbeKeyFile k = ProbeKeyFile.read(f);
        assertEquals(1, k.mesh().orElseThrow().signing().id());
        assertEquals(2, k.peers().get(SpiffeId.parse("spiffe://mesh.example/node/b")).signing().id(),
                "a subject's first line signs");
        assertEquals(2, k.peers().get(SpiffeId.parse("spiffe://mesh.example/node/b")).keys().size());
    }

    @Test
    void mistakesAreNamedWithTheLineAndNeverShowTheSecret() throws Exception {
        ConfigProblem open = only(config(keys("* " + K1 + "\n", "rw-r--r--")));
        assertProblem(open, "probes.auth.keyFile", 14, "may be read by other users", "chmod 600");
        ConfigProblem badLine = only(config(keys("* " + K1 + "\nspiffe://mesh.example/node/b\n", "rw-------")));
        assertProblem(badLine, "probes.auth.keyFile", 14, "line 2", "expected 'SUBJECT ID:HEX'");
        ConfigProblem badHex = only(config(keys("* 1:zz0102030405060708090a0b0c0d0e0f\n", "rw-------")));
        assertProblem(badHex, "probes.auth.keyFile", 14, "line 1", "not hexadecimal");
        assertFalse(badHex.message().contains("0102030405"), badHex.message());
        ConfigProblem stranger = only(config(keys("* " + K1 + "\nspiffe://mesh.example/node/z " + K2 + "\n", "rw-------")));
        assertProblem(stranger, "probes.auth.keyFile", 14, "node/z, which is not one of the peers");
        ConfigProblem uncovered = only(config(keys("spiffe://mesh.example/node/c " + K2 + "\n", "rw-------")));
        assertProblem(uncovered, "probes.auth.keyFile", 14, "no key for the probed peer spiffe://mesh.example/node/b");
        ConfigProblem three = only(config(keys("* " + K1 + "\n* " + K2 + "\n* 3:202122232425262728292a2b2c2d2e2f\n",
                "rw-------")));
        assertProblem(three, "probes.auth.keyFile", 14, "line 3", "at most 2");
        ConfigProblem relative = only(replace(VALID, "  interval: 10ms\n", "  interval: 10ms\n  auth:\n    keyFile: probe.keys\n"));
        assertProblem(relative, "probes.auth.keyFile", 14, "absolute path");
        ConfigProblem missing = only(replace(VALID, "  interval: 10ms\n", "  interval: 10ms\n  auth:\n    required: false\n"));
        assertEquals("probes.auth.keyFile", missing.path(), missing.toString());
    }
}
