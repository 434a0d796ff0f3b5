package io.ebpf4j.agent.config;

import static io.ebpf4j.agent.config.Configs.VALID;
import static io.ebpf4j.agent.config.Configs.assertProblem;
import static io.ebpf4j.agent.config.Configs.only;
import static io.ebpf4j.agent.config.Configs.problems;
import static io.ebpf4j.agent.config.Configs.replace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.agent.AgentPlan;
import io.ebpf4j.agent.BindingPlan;
import io.ebpf4j.agent.TestSecrets;
import io.ebpf4j.hooks.identity.SpiffeId;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code peers[].binding} and {@code metrics.tls} / {@code metrics.basicAuth}: the plan they give and
 * what {@code agent --check} prints (never a secret), and each mistake named with its key and line.
 */
class MetricsAndBindingConfigTest {
    static final String STORE_PASSWORD = "store-pass-7f3a";
    static final String AUTH_PASSWORD = "scrape-pass-91c2";

    @TempDir
    static Path dir;
    static Path store;
    static Path storePassword;
    static Path authPassword;

    @BeforeAll
    static void files() throws Exception {
        store = TestSecrets.keyStore(dir.resolve("metrics.p12"), STORE_PASSWORD);
        storePassword = TestSecrets.secret(dir.resolve("metrics.p12.pass"), STORE_PASSWORD, "rw-------");
        authPassword = TestSecrets.secret(dir.resolve("metrics.password"), AUTH_PASSWORD, "rw-------");
    }

    /** VALID with a binding on peer b (lines 8..11) and the metrics options (from line 21). */
    private static String config(String binding, String metrics) {
        String yaml = replace(VALID, "    probeAddress: 10.0.1.2\n", "    probeAddress: 10.0.1.2\n" + binding);
        return replace(yaml, "  listen: 127.0.0.1:9464\n", "  listen: 127.0.0.1:9464\n" + metrics);
    }

    private static String tls(Path keyStore, Path passwordFile) {
        return "  tls:\n    keyStore: " + keyStore + "\n    passwordFile: " + passwordFile + "\n";
    }

    private static String basicAuth(String user, Path passwordFile) {
        return "  basicAuth:\n    user: " + user + "\n    passwordFile: " + passwordFile + "\n";
    }

    @Test
    void bindingAndProtectedMetricsAreInThePlanAndTheCheckOutputWithoutASecret() {
        String yaml = config("    binding:\n      interface: eth1\n      mac: 02-00-00-00-01-0B\n",
                tls(store, storePassword) + basicAuth("prometheus", authPassword));
        AgentPlan plan = AgentPlan.of(AgentConfig.parse(yaml, "agent.yaml"));
        assertEquals(Optional.of(new BindingPlan(Optional.of("eth1"), Optional.of("02:00:00:00:01:0b"), true)),
                plan.mesh().peers().getFirst().binding());
        assertEquals(Optional.empty(), plan.mesh().peers().get(1).binding());
        assertTrue(plan.metricsAuth().tls() && plan.metricsAuth().basicAuth());
        String text = plan.render();
        assertTrue(text.contains("bound to eth1, mac 02:00:00:00:01:0b, dropping"), text);
        assertTrue(text.contains("https://127.0.0.1:9464/metrics; TLS (key store " + store + "); basic auth as prometheus "
                + "(password file " + authPassword + ")"), text);
        assertFalse(text.contains(STORE_PASSWORD) || text.contains(AUTH_PASSWORD), text);

        AgentPlan countOnly = AgentPlan.of(AgentConfig.parse(config("    binding: {mac: 02:00:00:00:01:0b, drop: false}\n", ""),
                "agent.yaml"));
        assertTrue(countOnly.render().contains("bound to any interface, mac 02:00:00:00:01:0b, counting only"),
                countOnly.render());
        assertTrue(countOnly.render().lines().anyMatch(l -> l.endsWith(" http://127.0.0.1:9464/metrics")), countOnly.render());
        assertEquals(SpiffeId.parse("spiffe://mesh.example/node/b"), countOnly.mesh().peers().getFirst().id());
    }

    @Test
    void bindingMistakesNameTheKeyAndLine() {
        assertProblem(only(config("    binding:\n      interface: eth7\n", "")), "peers[0].binding.interface", 9,
                "expected one of node.interfaces (eth0, eth1), got 'eth7'");
        assertProblem(only(config("    binding:\n      interface: eth0\n      mac: 02:00:00:00:01\n", "")),
                "peers[0].binding.mac", 10, "expected a MAC address as aa:bb:cc:dd:ee:ff, got '02:00:00:00:01'");
        assertProblem(only(config("    binding: {drop: true}\n", "")), "peers[0].binding", 8,
                "expected an interface, a mac or both");
        ConfigProblem unknown = only(config("    binding:\n      iface: eth0\n", ""));
        assertProblem(unknown, "peers[0].binding.iface", 9, "unknown key 'iface'", "expected one of drop, interface, mac");
    }

    @Test
    void metricsMistakesNameTheKeyAndLineAndNeverTheSecret() throws Exception {
        Path open = TestSecrets.secret(dir.resolve("open.pass"), STORE_PASSWORD, "rw-r--r--");
        ConfigProblem readable = only(config("", tls(store, open)));
        assertProblem(readable, "metrics.tls.passwordFile", 23, "may be read by other users", "chmod 600 " + open);

        Path wrong = TestSecrets.secret(dir.resolve("wrong.pass"), "not-the-password", "rw-------");
        assertProblem(only(config("", tls(store, wrong))), "metrics.tls.keyStore", 22, store.toString(),
                "check the path and its password");

        assertProblem(only(config("", tls(Path.of("metrics.p12"), storePassword))), "metrics.tls.keyStore", 22,
                "expected an absolute path", "got 'metrics.p12'");
        assertProblem(only(config("", "  tls:\n    keyStore: " + store + "\n")), "metrics.tls.passwordFile", 21,
                "missing key 'passwordFile'", "expected the file holding the password");

        assertProblem(only(config("", basicAuth("prometheus", authPassword))), "metrics.basicAuth", 21,
                "expected metrics.tls with basic authentication", "travels in clear");
        List<ConfigProblem> ps = problems(config("", tls(store, storePassword) + basicAuth("'a:b'", open)));
        assertEquals(2, ps.size(), ps.toString());
        assertProblem(ps.get(0), "metrics.basicAuth.user", 25, "without ':'");
        assertProblem(ps.get(1), "metrics.basicAuth.passwordFile", 26, "chmod 600");
        for (ConfigProblem p : ps) {
            assertFalse(p.message().contains(STORE_PASSWORD) || p.message().contains(AUTH_PASSWORD), p.message());
        }
    }
}
