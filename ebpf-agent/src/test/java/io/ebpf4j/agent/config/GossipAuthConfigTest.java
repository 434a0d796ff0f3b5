package io.ebpf4j.agent.config;

import static io.ebpf4j.agent.config.Configs.VALID;
import static io.ebpf4j.agent.config.Configs.assertProblem;
import static io.ebpf4j.agent.config.Configs.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.agent.AgentPlan;
import io.ebpf4j.agent.gossip.GossipKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gossip.auth.keyFile}: the plan, the check output, and each mistake named with its key and line. */
class GossipAuthConfigTest {
    static final String K1 = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    static final String K2 = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";

    @TempDir
    Path dir;

    private Path keys(String text, String mode) throws Exception {
        Path f = dir.resolve("gossip.keys");
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    /** VALID with a gossip section from line 21: bind 22, auth 23, keyFile 24. */
    private static String config(Path keyFile) {
        return VALID + "gossip:\n  bind: 10.0.0.1:7950\n  auth:\n    keyFile: " + keyFile + "\n";
    }

    @Test
    void aValidKeyFileIsPlannedAndPrintedWithoutTheKey() throws Exception {
        Path f = keys("# gossip keys\n" + K1 + "\n\n" + K2 + "\n", "rw-------");
        AgentPlan plan = AgentPlan.of(AgentConfig.parse(config(f), "agent.yaml"));
        assertEquals(Optional.of(f), plan.gossip().authKeyFile());
        String text = plan.render();
        assertTrue(text.contains("messages authenticated (HMAC-SHA256, key file " + f + ")"), text);
        assertFalse(text.contains(K1) || text.contains(K2), text);
        GossipKeys keys = GossipKeys.read(f);
        assertEquals(2, keys.size());
        assertEquals("GossipKeys[2 keys]", keys.toString());
        AgentPlan open = AgentPlan.of(AgentConfig.parse(VALID + "gossip:\n  bind: 10.0.0.1:7950\n", "agent.yaml"));
        assertTrue(open.render().contains("messages NOT authenticated (no gossip.auth)"), open.render());
    }

    @Test
    void mistakesNameTheKeyTheLineAndNeverTheSecret() throws Exception {
        assertProblem(only(config(keys(K1 + "\n", "rw-r--r--"))), "gossip.auth.keyFile", 24, "may be read by other users",
                "chmod 600");
        ConfigProblem shortKey = only(config(keys("# c\n" + K1.substring(2) + "\n", "rw-------")));
        assertProblem(shortKey, "gossip.auth.keyFile", 24, "line 2", "expected a key of 32 bytes as 64 hexadecimal digits");
        assertFalse(shortKey.message().contains(K1.substring(2)), shortKey.message());
        assertProblem(only(config(keys(K1.replace('a', 'z') + "\n", "rw-------"))), "gossip.auth.keyFile", 24, "line 1",
                "not hexadecimal");
        assertProblem(only(config(keys(K1 + "\n" + K2 + "\n" + K1 + "\n", "rw-------"))), "gossip.auth.keyFile", 24,
                "line 3", "at most 2");
        assertProblem(only(config(keys("# nothing\n", "rw-------"))), "gossip.auth.keyFile", 24, "holds no key");
        assertProblem(only(config(Path.of("gossip.keys"))), "gossip.auth.keyFile", 24, "expected an absolute path");
        Path ok = keys(K1 + "\n", "rw-------");
        assertProblem(only(VALID + "gossip:\n  auth:\n    keyFile: " + ok + "\n"), "gossip.auth", 22,
                "gossip.auth without gossip.bind");
    }
}
