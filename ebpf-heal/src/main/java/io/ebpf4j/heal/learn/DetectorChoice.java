package io.ebpf4j.heal.learn;

import io.ebpf4j.heal.graph.GraphDetector;
import io.ebpf4j.heal.loop.DetectorMode;
import io.ebpf4j.heal.loop.HealLoopBuilder;
import io.ebpf4j.heal.loop.NodeHealLoop;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The detector option of the loop as a name (the experiment's {@code --detector}, the agent's
 * {@code detector:} key): {@code rules} (the per-edge detectors and service alerts alone),
 * {@code graphsage} or {@code mlp} (the learned model alone, the rules as its fallback) and
 * {@code combined} (rules or GraphSAGE: an item is anomalous when either flags it).
 *
 * @param name the option's name
 * @param mode how the loop combines the graph detector with the rules
 * @param kind the learned model's kind, or null for {@code rules}
 */
public record DetectorChoice(String name, DetectorMode mode, GraphModel.Kind kind) {
    /** The names, in the order they are documented. */
    public static final List<String> NAMES = List.of("rules", "graphsage", "mlp", "combined");

    public DetectorChoice {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mode, "mode");
        if ((mode == DetectorMode.RULES) != (kind == null)) {
            throw new IllegalArgumentException("a learned kind goes with a learned or combined mode, none with rules");
        }
    }

    /** The rules alone (the default). */
    public static DetectorChoice rules() {
        return new DetectorChoice("rules", DetectorMode.RULES, null);
    }

    /**
     * The choice named {@code s} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the choices when {@code s} is none of them
     */
    public static DetectorChoice parse(String s) {
        String v = s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "rules" -> rules();
            case "graphsage" -> new DetectorChoice(v, DetectorMode.LEARNED, GraphModel.Kind.GRAPHSAGE);
            case "mlp" -> new DetectorChoice(v, DetectorMode.LEARNED, GraphModel.Kind.MLP);
            case "combined" -> new DetectorChoice(v, DetectorMode.COMBINED, GraphModel.Kind.GRAPHSAGE);
            default -> throw new IllegalArgumentException("unknown detector '" + s + "' (one of " + String.join(", ", NAMES)
                    + ")");
        };
    }

    /**
     * A new graph detector for this choice: the model in {@code modelFile}, or when null the one shipped
     * for its kind; null for {@code rules}.
     *
     * @throws IllegalArgumentException if the model file is not one, or is a model of another kind
     */
    public GraphDetector newDetector(Path modelFile) {
        if (kind == null) {
            return null;
        }
        ModelFile f = modelFile == null ? ModelFile.shipped(kind) : ModelFile.load(modelFile);
        if (f.model().kind() != kind) {
            throw new IllegalArgumentException("detector " + name + " needs a " + kind.label() + " model, but "
                    + modelFile + " holds a " + f.model().kind().label() + " model");
        }
        return new LearnedGraphDetector(f);
    }

    /** Sets this choice on {@code b} (a new detector from {@code modelFile}, or the shipped model when null). */
    public HealLoopBuilder applyTo(HealLoopBuilder b, Path modelFile) {
        return b.graphDetector(newDetector(modelFile), mode);
    }

    /** Sets this choice on one node's loop {@code b} (a new detector from {@code modelFile}, or the shipped model when null). */
    public NodeHealLoop.Builder applyTo(NodeHealLoop.Builder b, Path modelFile) {
        return b.graphDetector(newDetector(modelFile), mode);
    }
}
