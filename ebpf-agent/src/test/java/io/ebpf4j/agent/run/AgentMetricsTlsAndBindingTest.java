package io.ebpf4j.agent.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.agent.AgentPlan;
import io.ebpf4j.agent.TestSecrets;
import io.ebpf4j.agent.config.AgentConfig;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.hooks.mesh.GuardCounters;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.netns.NetNs;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.testkit.netns.VethPair;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's security options on the real kernel: {@code /metrics} served over HTTPS with basic
 * authentication from owner-only files (a request without credentials, or with a wrong password, is
 * refused; the right one reads the guard counters), and a peer's {@code binding} (peer b bound to the
 * veth's host end and to a MAC that is not its own: b's datagrams are counted as wrong_mac and
 * dropped; reloaded with {@code drop: false}, counted and delivered; bound to b's real MAC, delivered
 * without a count). Traffic stays on a veth pair whose namespace end the test creates and removes.
 */
@RequiresKernel(value = {KernelFeature.XDP_ATTACH, KernelFeature.BPF_LINK, KernelFeature.CAP_NET_ADMIN,
        KernelFeature.CAP_SYS_ADMIN}, programTypes = ProgramType.XDP)
class AgentMetricsTlsAndBindingTest {
    static final SpiffeId B = SpiffeId.parse(AgentConfigs.PEER);
    static final String STORE_PASSWORD = "agent-store-5d1e";
    static final String SCRAPE_PASSWORD = "agent-scrape-8b07";
    static final String FOREIGN_MAC = "02:00:00:be:ef:01";
    static final int PORT = 9100;

    @Test
    void metricsOverTlsWithBasicAuthAndABindingCountedThenDroppedByPolicy(@TempDir Path dir) throws Exception {
        Path store = TestSecrets.keyStore(dir.resolve("metrics.p12"), STORE_PASSWORD);
        Path storePass = TestSecrets.secret(dir.resolve("metrics.p12.pass"), STORE_PASSWORD, "rw-------");
        Path scrapePass = TestSecrets.secret(dir.resolve("metrics.password"), SCRAPE_PASSWORD, "rw-------");
        try (VethPair veth = VethPair.create()) {
            int probePort = AgentConfigs.probePort();
            String base = AgentConfigs.node(veth, dir, "allow", probePort).replace("  listen: 127.0.0.1:0\n",
                    "  listen: 127.0.0.1:0\n  tls:\n    keyStore: " + store + "\n    passwordFile: " + storePass
                            + "\n  basicAuth:\n    user: prometheus\n    passwordFile: " + scrapePass + "\n");
            String peerLine = "    probeAddress: " + veth.peerIp() + "\n";
            Path file = dir.resolve("agent.yaml");
            Files.writeString(file, base.replace(peerLine, peerLine + binding(veth.hostIf(), FOREIGN_MAC, true)));
            AgentPlan plan = AgentPlan.of(AgentConfig.load(file));
            // b takes the agent's probes in silence (bound before the agent starts): no ICMP port
            // unreachable from b's address comes back to be counted besides the datagrams sent below
            try (DatagramSocket probeSink = NetNs.run(veth.netns(), () -> bound(veth.peerIp(), probePort));
                    DatagramSocket receiver = bound(veth.hostIp(), PORT);
                    DatagramSocket fromB = NetNs.run(veth.netns(), () -> bound(veth.peerIp(), 0));
                    AgentRuntime rt = AgentRuntime.start(file)) {
                // /metrics: HTTPS with basic authentication
                URI uri = rt.metricsUri();
                assertEquals("https", uri.getScheme(), uri.toString());
                HttpClient client = HttpClient.newBuilder().sslContext(TestSecrets.trusting(store, STORE_PASSWORD)).build();
                HttpResponse<String> none = get(client, uri, null);
                assertEquals(401, none.statusCode(), "no credentials: refused");
                assertEquals(401, get(client, uri, "prometheus:" + SCRAPE_PASSWORD + "x").statusCode(), "wrong password");
                URI plain = URI.create(uri.toString().replace("https:", "http:"));
                assertThrows(IOException.class, () -> get(HttpClient.newHttpClient(), plain, "prometheus:" + SCRAPE_PASSWORD),
                        "plain HTTP is not served");

                // b's frames come from its own MAC, not the bound one: counted and dropped
                long before = rt.filter().guards().counters(B).wrongMac();
                assertEquals(0, before, "nothing from b yet");
                send(veth, fromB, 20);
                assertEquals(0, receive(receiver, 1), "bound to another MAC with drop: nothing delivered");
                assertEquals(20, rt.filter().guards().counters(B).wrongMac());
                assertEquals(20, rt.filter().stats().peer(B).orElseThrow().traffic().droppedGuard());
                HttpResponse<String> ok = get(client, uri, "prometheus:" + SCRAPE_PASSWORD);
                assertEquals(200, ok.statusCode());
                assertEquals(20, guardEvents(ok.body(), "wrong_mac"), ok.body());

                // count only
                Files.writeString(file, base.replace(peerLine, peerLine + binding(veth.hostIf(), FOREIGN_MAC, false)));
                ReloadResult r = rt.reload();
                assertTrue(r.applied() && r.changes().toString().contains("binding bound to " + veth.hostIf() + ", mac "
                        + FOREIGN_MAC + ", dropping -> bound to " + veth.hostIf() + ", mac " + FOREIGN_MAC
                        + ", counting only"), r.toString());
                send(veth, fromB, 10);
                assertEquals(10, receive(receiver, 10), "count only: delivered");
                assertEquals(30, rt.filter().guards().counters(B).wrongMac());

                // bound to b's real MAC: nothing breaks the binding
                String macB = HexFormat.ofDelimiter(":").formatHex(NetNs.run(veth.netns(),
                        () -> NetworkInterface.getByName(veth.peerIf()).getHardwareAddress()));
                Files.writeString(file, base.replace(peerLine, peerLine + binding(veth.hostIf(), macB, true)));
                assertTrue(rt.reload().applied());
                send(veth, fromB, 10);
                assertEquals(10, receive(receiver, 10), "b's own MAC on its interface: delivered");
                GuardCounters g = rt.filter().guards().counters(B);
                assertEquals(30, g.wrongMac());
                assertEquals(0, g.wrongInterface());
                System.out.printf("agent security: /metrics over HTTPS refused without credentials (401); binding: "
                        + "%d wrong-MAC frames counted, 20 dropped%n", g.wrongMac());
            } finally {
                AgentRuntime.uninstall(plan);
            }
        }
    }

    private static String binding(String ifname, String mac, boolean drop) {
        return "    binding:\n      interface: " + ifname + "\n      mac: \"" + mac + "\"\n      drop: " + drop + "\n";
    }

    private static long guardEvents(String exposition, String guard) {
        return exposition.lines().filter(l -> l.startsWith("ebpf4j_mesh_guard_events_total{"))
                .filter(l -> l.contains("guard=\"" + guard + "\"") && l.contains("peer=\"" + B + "\""))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static HttpResponse<String> get(HttpClient client, URI uri, String credentials) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        if (credentials != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static DatagramSocket bound(String address, int port) throws IOException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral(address), port));
        s.setSoTimeout(500);
        return s;
    }

    private static void send(VethPair veth, DatagramSocket from, int count) throws IOException {
        byte[] payload = new byte[16];
        for (int i = 0; i < count; i++) {
            from.send(new DatagramPacket(payload, payload.length, new InetSocketAddress(InetAddress.ofLiteral(veth.hostIp()), PORT)));
        }
    }

    /** Datagrams received until {@code expected} arrived or none came for 500 ms. */
    private static int receive(DatagramSocket s, int expected) throws IOException {
        int n = 0;
        byte[] buf = new byte[64];
        while (n < expected) {
            try {
                s.receive(new DatagramPacket(buf, buf.length));
                n++;
            } catch (SocketTimeoutException e) {
                break;
            }
        }
        return n;
    }
}
