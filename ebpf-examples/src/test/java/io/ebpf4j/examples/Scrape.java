package io.ebpf4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** One scrape of a {@code /metrics} endpoint, checked by {@code promtool check metrics}. */
record Scrape(String text) {
    static Scrape of(URI uri) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        Process p = new ProcessBuilder("/usr/bin/promtool", "check", "metrics").redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(r.body().getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("promtool hung");
        }
        assertEquals(0, p.exitValue(), "promtool check metrics:\n" + out);
        assertEquals("", out.strip(), "promtool check metrics complained");
        return new Scrape(r.body());
    }

    /** Sum of the samples of {@code metric} whose labels include {@code node="NODE"} and {@code peer="PEER"}. */
    double sum(String metric, String node, String peer) {
        String label = "node=\"" + node + "\"";
        return text.lines().filter(l -> l.startsWith(metric + "{") && l.contains(label) && l.contains("peer=\"" + peer + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** Sum of the samples of {@code metric} whose labels include {@code peer="PEER"}. */
    double sum(String metric, String peer) {
        String label = "peer=\"" + peer + "\"";
        return text.lines().filter(l -> l.startsWith(metric + "{") && l.contains(label))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
