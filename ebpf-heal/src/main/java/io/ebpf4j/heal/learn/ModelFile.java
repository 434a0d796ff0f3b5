package io.ebpf4j.heal.learn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ebpf4j.heal.detect.Debounce;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A trained model as a small versioned JSON document: the kind and layer widths, the feature and class
 * names it was trained with (checked on load), its {@link DecisionRule}, its {@link Provenance} and
 * every parameter tensor by name ({@code rows}, {@code cols}, row-major {@code data}; doubles written
 * in their shortest round-trip form, so a loaded model computes exactly what the saved one did).
 * Format {@value #FORMAT}, version {@value #VERSION}.
 *
 * @param model      the model
 * @param decision   how its probabilities become flags
 * @param provenance where it comes from
 */
public record ModelFile(GraphModel model, DecisionRule decision, Provenance provenance) {
    /** The {@code format} key's value. */
    public static final String FORMAT = "ebpf4j-graph-model";
    /** The version this build writes and reads. */
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ModelFile {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(provenance, "provenance");
    }

    /** The resource path of the shipped model of {@code kind}. */
    public static String resourceOf(GraphModel.Kind kind) {
        return "/io/ebpf4j/heal/learn/" + kind.label() + ".json";
    }

    /**
     * The model of {@code kind} shipped in this jar (trained by {@code ebpf4j train-graph} on the
     * experiment runs its provenance names).
     *
     * @throws IllegalStateException if the resource is missing or unreadable
     */
    public static ModelFile shipped(GraphModel.Kind kind) {
        String res = resourceOf(kind);
        try (InputStream in = ModelFile.class.getResourceAsStream(res)) {
            if (in == null) {
                throw new IllegalStateException("no shipped " + kind.label() + " model: resource " + res
                        + " is missing from the ebpf-heal jar (train one with `ebpf4j train-graph`)");
            }
            return fromJson(JSON.readTree(in), res);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the shipped model " + res + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a model file.
     *
     * @throws UncheckedIOException     if it cannot be read
     * @throws IllegalArgumentException if it is not a model file of this version and these features
     */
    public static ModelFile load(Path file) {
        try {
            return fromJson(JSON.readTree(file.toFile()), file.toString());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("model file " + file + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model file " + file, e);
        }
    }

    /** Writes this model file (creating or replacing {@code file}). */
    public void save(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, JSON.writeValueAsString(toJson()) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model file " + file, e);
        }
    }

    /** The JSON document. */
    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT);
        o.put("version", VERSION);
        o.put("kind", model.kind().label());
        o.put("hidden", model.hidden());
        o.put("head_hidden", model.headHidden());
        strings(o.putArray("node_features"), FeatureExtractor.NODE);
        strings(o.putArray("edge_features"), FeatureExtractor.EDGE);
        ArrayNode classes = o.putArray("classes");
        for (FaultClass c : FaultClass.values()) {
            classes.add(c.name().toLowerCase(java.util.Locale.ROOT));
        }
        ObjectNode d = o.putObject("decision");
        d.put("edge_threshold", decision.edgeThreshold());
        d.put("node_threshold", decision.nodeThreshold());
        debounce(d.putObject("debounce"), decision.debounce());
        debounce(d.putObject("node_debounce"), decision.nodeDebounce());
        d.put("warmup_periods", decision.warmupPeriods());
        ObjectNode p = o.putObject("provenance");
        p.put("trained_at", provenance.trainedAt());
        p.put("command", provenance.command());
        ArrayNode runs = p.putArray("runs");
        for (Provenance.Run r : provenance.runs()) {
            runs.addObject().put("source", r.source()).put("seed", r.seed()).put("date", r.date())
                    .put("snapshots", r.snapshots());
        }
        p.put("train_snapshots", provenance.trainSnapshots());
        p.put("validation_snapshots", provenance.validationSnapshots());
        ObjectNode hp = p.putObject("hyper_parameters");
        new java.util.TreeMap<>(provenance.hyperParameters()).forEach(hp::put);
        ObjectNode val = p.putObject("validation");
        new java.util.TreeMap<>(provenance.validation()).forEach(val::put);
        ArrayNode params = o.putArray("params");
        for (Param t : model.params()) {
            ObjectNode po = params.addObject();
            po.put("name", t.name).put("rows", t.rows).put("cols", t.cols);
            ArrayNode data = po.putArray("data");
            for (double v : t.w) {
                data.add(v);
            }
        }
        return o;
    }

    /** Reads the JSON document; {@code source} names it in errors. */
    public static ModelFile fromJson(JsonNode o, String source) {
        String where = "model file " + source + ": ";
        if (!FORMAT.equals(o.path("format").asText())) {
            throw new IllegalArgumentException(where + "not a graph model (format '" + o.path("format").asText()
                    + "', expected '" + FORMAT + "')");
        }
        int version = o.path("version").asInt(-1);
        if (version != VERSION) {
            throw new IllegalArgumentException(where + "version " + version + " is not supported (this build reads version "
                    + VERSION + ")");
        }
        same(where, "node_features", o.path("node_features"), FeatureExtractor.NODE);
        same(where, "edge_features", o.path("edge_features"), FeatureExtractor.EDGE);
        GraphModel.Kind kind = GraphModel.Kind.of(o.path("kind").asText());
        GraphModel m = GraphModel.blank(kind, o.path("hidden").asInt(), o.path("head_hidden").asInt());
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        for (JsonNode p : o.path("params")) {
            byName.put(p.path("name").asText(), p);
        }
        for (Param t : m.params()) {
            JsonNode p = byName.remove(t.name);
            if (p == null) {
                throw new IllegalArgumentException(where + "parameter " + t.name + " is missing");
            }
            if (p.path("rows").asInt() != t.rows || p.path("cols").asInt() != t.cols || p.path("data").size() != t.w.length) {
                throw new IllegalArgumentException(where + "parameter " + t.name + " is " + p.path("rows").asInt() + "x"
                        + p.path("cols").asInt() + " with " + p.path("data").size() + " values, expected " + t.rows + "x"
                        + t.cols);
            }
            for (int i = 0; i < t.w.length; i++) {
                JsonNode v = p.path("data").get(i);
                if (!v.isNumber()) {
                    throw new IllegalArgumentException(where + "parameter " + t.name + " value " + i + " is not a number");
                }
                t.w[i] = v.doubleValue();
            }
        }
        if (!byName.isEmpty()) {
            throw new IllegalArgumentException(where + "unknown parameters " + byName.keySet() + " for a " + kind.label()
                    + " model");
        }
        JsonNode d = o.path("decision");
        DecisionRule rule = new DecisionRule(d.path("edge_threshold").asDouble(), d.path("node_threshold").asDouble(),
                debounce(d.path("debounce")), debounce(d.path("node_debounce")), d.path("warmup_periods").asInt());
        return new ModelFile(m, rule, provenance(o.path("provenance")));
    }

    private static Provenance provenance(JsonNode p) {
        List<Provenance.Run> runs = new ArrayList<>();
        for (JsonNode r : p.path("runs")) {
            runs.add(new Provenance.Run(r.path("source").asText(), r.path("seed").asLong(-1), r.path("date").asText(),
                    r.path("snapshots").asInt()));
        }
        Map<String, String> hp = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = p.path("hyper_parameters").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            hp.put(e.getKey(), e.getValue().asText());
        }
        Map<String, Double> val = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = p.path("validation").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            val.put(e.getKey(), e.getValue().asDouble());
        }
        return new Provenance(p.path("trained_at").asText(), p.path("command").asText(), runs,
                p.path("train_snapshots").asInt(), p.path("validation_snapshots").asInt(), hp, val);
    }

    private static void debounce(ObjectNode o, Debounce.Config c) {
        o.put("on", c.on()).put("window", c.window()).put("off", c.off());
    }

    private static Debounce.Config debounce(JsonNode o) {
        return new Debounce.Config(o.path("on").asInt(), o.path("window").asInt(), o.path("off").asInt());
    }

    private static void strings(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }

    private static void same(String where, String key, JsonNode actual, List<String> expected) {
        List<String> names = new ArrayList<>();
        actual.forEach(n -> names.add(n.asText()));
        if (!names.equals(expected)) {
            throw new IllegalArgumentException(where + key + " " + names + " differ from this build's " + expected
                    + " (retrain the model with this build's train-graph)");
        }
    }
}
