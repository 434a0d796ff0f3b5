package io.ebpf4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scrapes a {@code /metrics} endpoint over HTTP, checks the text with {@code promtool check metrics}
 * and parses its samples (Prometheus text format 0.0.4: {@code name{label="value",...} value}).
 */
public final class Exposition {
    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    private final List<Sample> samples;
    private final String text;

    private Exposition(String text, List<Sample> samples) {
        this.text = text;
        this.samples = List.copyOf(samples);
    }

    /** GETs {@code uri}, asserts 200, runs promtool on the body and parses it. */
    public static Exposition scrape(URI uri) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        promtoolCheck(r.body());
        return parse(r.body());
    }

    /** Pipes {@code text} into {@code promtool check metrics}; fails on any complaint. */
    public static void promtoolCheck(String text) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("promtool hung");
        }
        assertEquals(0, p.exitValue(), "promtool check metrics:\n" + out);
        assertEquals("", out.strip(), "promtool check metrics complained");
    }

    /** Parses the sample lines of {@code text} (comments skipped). */
    public static Exposition parse(String text) {
        List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int i = 0;
            while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
                i++;
            }
            String name = line.substring(0, i);
            Map<String, String> labels = new LinkedHashMap<>();
            if (line.charAt(i) == '{') {
                i++;
                while (line.charAt(i) != '}') {
                    int eq = line.indexOf('=', i);
                    String key = line.substring(i, eq);
                    if (line.charAt(eq + 1) != '"') {
                        throw new IllegalArgumentException("label value not quoted: " + line);
                    }
                    StringBuilder v = new StringBuilder();
                    int j = eq + 2;
                    for (; line.charAt(j) != '"'; j++) {
                        char c = line.charAt(j);
                        if (c == '\\') {
                            char n = line.charAt(++j);
                            v.append(n == 'n' ? '\n' : n);
                        } else {
                            v.append(c);
                        }
                    }
                    labels.put(key, v.toString());
                    i = j + 1;
                    if (line.charAt(i) == ',') {
                        i++;
                    }
                }
                i++;
            }
            String[] rest = line.substring(i).strip().split(" ");
            out.add(new Sample(name, labels, parseValue(rest[0])));
        }
        return new Exposition(text, out);
    }

    private static double parseValue(String v) {
        return switch (v) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(v);
        };
    }

    /** Every sample. */
    public List<Sample> samples() {
        return samples;
    }

    /** The raw text. */
    public String text() {
        return text;
    }

    /** The samples called {@code name} whose labels include {@code labels} (pairs key, value). */
    public List<Sample> find(String name, String... labels) {
        return samples.stream().filter(s -> s.name().equals(name)).filter(s -> {
            for (int k = 0; k < labels.length; k += 2) {
                if (!labels[k + 1].equals(s.labels().get(labels[k]))) {
                    return false;
                }
            }
            return true;
        }).toList();
    }

    /** The one sample called {@code name} with {@code labels}; fails unless exactly one matches. */
    public double value(String name, String... labels) {
        List<Sample> s = find(name, labels);
        assertEquals(1, s.size(), () -> "samples " + name + " " + List.of(labels) + ":\n" + text);
        return s.get(0).value();
    }

    /** The sum of the samples called {@code name} with {@code labels}. */
    public double sum(String name, String... labels) {
        return find(name, labels).stream().mapToDouble(Sample::value).sum();
    }
}
