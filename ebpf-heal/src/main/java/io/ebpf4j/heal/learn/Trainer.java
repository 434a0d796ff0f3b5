package io.ebpf4j.heal.learn;

import io.ebpf4j.heal.detect.Debounce;
import io.ebpf4j.heal.graph.GraphScores;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Trains a {@link GraphModel} on labelled experiment runs, deterministically: one thread, a fixed order of
 * operations, every random choice (initial weights, the validation split, the shuffling) drawn from the
 * configured seed, so the same seed and data give bit-identical weights.
 *
 * <ol>
 *   <li>Features are extracted run by run in time order (as the detector will see them).</li>
 *   <li>Each run is cut into blocks of {@code validationBlockSeconds}; a seeded draw holds out
 *       {@code validationFraction} of the blocks for validation.</li>
 *   <li>Loss: per head, softmax cross-entropy weighted by class ({@code (N / (K n_c))^power} over the
 *       training split's counts), the node head's times {@code nodeLossWeight}; Adam on shuffled batches;
 *       after each epoch the validation loss, and the weights of the best epoch are kept once
 *       {@code patience} epochs bring no improvement (early stopping).</li>
 *   <li>Thresholds (unless fixed): replaying the validation blocks through the decision rule and the
 *       {@link io.ebpf4j.heal.graph.FaultLocaliser} ({@link Replay}), the smallest value of a grid
 *       (0.5 .. 0.999) with no false positive in clean time, then one grid step higher as a margin for
 *       longer clean runs.</li>
 * </ol>
 * Validation scores: {@code val_loss}, {@code edge_macro_f1}, {@code node_macro_f1} (arg-max over the
 * classes present), and from the replay at the chosen thresholds {@code faults}, {@code detected},
 * {@code ttd_median_ms} (also per kind of subject), {@code ttd_p90_ms}, {@code false_positives},
 * {@code clean_false_positives}; the same replay of the rules' flags exported in the runs gives the same
 * scores prefixed {@code rules_}.
 */
public final class Trainer {
    /** The thresholds tried when they are chosen on validation. */
    static final double[] GRID = {0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99, 0.995, 0.998, 0.999};

    /** A trained model and the report of its training. */
    public record Result(ModelFile model, TrainingReport report) {}

    private final TrainingConfig cfg;
    private final Consumer<String> log;

    private Trainer(TrainingConfig cfg, Consumer<String> log) {
        this.cfg = cfg;
        this.log = log;
    }

    /**
     * Trains on {@code runs}; progress lines go to {@code log}; {@code command} is recorded in the provenance.
     *
     * @throws IllegalArgumentException if the runs give no training or no validation block
     */
    public static Result train(TrainingConfig cfg, List<LabelledRun> runs, String command, Consumer<String> log) {
        Objects.requireNonNull(cfg, "cfg");
        Objects.requireNonNull(runs, "runs");
        return new Trainer(cfg, Objects.requireNonNull(log, "log")).run(runs, Objects.requireNonNull(command, "command"));
    }

    private Result run(List<LabelledRun> runs, String command) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs to train on");
        }
        List<Sample> train = new ArrayList<>();
        List<List<Sample>> val = new ArrayList<>();
        split(runs, train, val);
        int valCount = val.stream().mapToInt(List::size).sum();
        log.accept(String.format("%d runs: %d training snapshots, %d validation snapshots in %d blocks", runs.size(),
                train.size(), valCount, val.size()));
        double[] edgeWeights = classWeights(train, true);
        double[] nodeWeights = classWeights(train, false);
        log.accept("class weights: edges " + java.util.Arrays.toString(edgeWeights) + ", nodes "
                + java.util.Arrays.toString(nodeWeights));

        GraphModel model = GraphModel.create(cfg.kind(), cfg.hidden(), cfg.headHidden(), cfg.seed());
        List<Param> params = model.params();
        Adam adam = new Adam(params, cfg.learningRate(), cfg.weightDecay());
        SplittableRandom shuffle = new SplittableRandom(cfg.seed() * 31 + 7);
        int[] order = new int[train.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        List<GraphModel.Pass> passes = new ArrayList<>();
        for (int i = 0; i < cfg.batchSize(); i++) {
            passes.add(model.newPass());
        }
        List<Sample> valFlat = val.stream().flatMap(List::stream).toList();
        double best = Double.POSITIVE_INFINITY;
        double bestTrain = Double.NaN;
        int bestEpoch = 0;
        double[][] bestWeights = copy(params);
        int epoch = 0;
        int since = 0;
        while (epoch < cfg.maxEpochs() && since < cfg.patience()) {
            epoch++;
            for (int i = order.length - 1; i > 0; i--) {
                int j = shuffle.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double trainLoss = 0;
            for (int from = 0; from < order.length; from += cfg.batchSize()) {
                int to = Math.min(order.length, from + cfg.batchSize());
                List<Sample> batch = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) {
                    batch.add(train.get(order[i]));
                }
                trainLoss += step(model, passes, batch, edgeWeights, nodeWeights) * batch.size();
                adam.step();
            }
            trainLoss /= order.length;
            double valLoss = loss(model, valFlat, edgeWeights, nodeWeights);
            boolean better = valLoss < best;
            if (better) {
                best = valLoss;
                bestTrain = trainLoss;
                bestEpoch = epoch;
                bestWeights = copy(params);
                since = 0;
            } else {
                since++;
            }
            log.accept(String.format("epoch %d: train loss %.5f, validation loss %.5f%s", epoch, trainLoss, valLoss,
                    better ? " (best)" : ""));
        }
        for (int i = 0; i < params.size(); i++) {
            System.arraycopy(bestWeights[i], 0, params.get(i).w, 0, bestWeights[i].length);
        }
        log.accept("kept the weights of epoch " + bestEpoch);

        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("val_loss", best);
        Probabilities probs = Probabilities.of(model, val);
        scores.put("edge_macro_f1", probs.macroF1(val, true));
        scores.put("node_macro_f1", probs.macroF1(val, false));
        DecisionRule rule = chooseRule(probs, val, scores);
        Replay.Outcome rules = Replay.run(val, Replay::rules);
        put(scores, "rules_", rules);
        log.accept("rules' flags in the same replay: " + rules.detected() + "/" + rules.faults() + " detected, "
                + rules.falsePositives() + " false positives (" + rules.cleanFalsePositives() + " in clean time); "
                + byKind(rules));
        log.accept(String.format("validation: edge macro-F1 %.3f, node macro-F1 %.3f; thresholds edge %.3f node %.3f;"
                + " replay: %d/%d faults detected, TTD median %.0f ms p90 %.0f ms, %d false positives"
                + " (rules' flags: %d/%d, median %.0f ms, p90 %.0f ms, %d false positives)",
                scores.get("edge_macro_f1"), scores.get("node_macro_f1"), rule.edgeThreshold(), rule.nodeThreshold(),
                scores.get("detected").intValue(), scores.get("faults").intValue(), scores.get("ttd_median_ms"),
                scores.get("ttd_p90_ms"), scores.get("false_positives").intValue(), rules.detected(), rules.faults(),
                rules.median(), rules.percentile(0.9), rules.falsePositives()));
        List<Provenance.Run> info = new ArrayList<>();
        for (LabelledRun r : runs) {
            info.add(new Provenance.Run(r.source(), r.seed(), r.date(), r.snapshots().size()));
        }
        Provenance prov = new Provenance(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), command, info,
                train.size(), valCount, cfg.asMap(), scores);
        return new Result(new ModelFile(model, rule, prov), new TrainingReport(epoch, bestEpoch, bestTrain, best, scores));
    }

    /** Cuts the runs into blocks; a seeded draw puts each block in validation or training. */
    private void split(List<LabelledRun> runs, List<Sample> train, List<List<Sample>> val) {
        SplittableRandom rnd = new SplittableRandom(cfg.seed());
        long blockNanos = (long) (cfg.validationBlockSeconds() * 1e9);
        for (int r = 0; r < runs.size(); r++) {
            List<Sample> samples = Sample.of(r, runs.get(r));
            long t0 = samples.getFirst().t();
            long block = -1;
            boolean inVal = false;
            List<Sample> current = null;
            for (Sample s : samples) {
                long b = Math.max(0, (s.t() - t0) / blockNanos);
                if (b != block) {
                    block = b;
                    inVal = rnd.nextDouble() < cfg.validationFraction();
                    current = inVal ? new ArrayList<>() : null;
                    if (inVal) {
                        val.add(current);
                    }
                }
                if (inVal) {
                    current.add(s);
                } else {
                    train.add(s);
                }
            }
        }
        if (train.isEmpty() || val.isEmpty()) {
            throw new IllegalArgumentException("the split left " + train.size() + " training snapshots and " + val.size()
                    + " validation blocks: give more or longer runs, or change --val-fraction/--val-block");
        }
    }

    /** Per class {@code (N / (K n_c))^power} over the training labels of one head; 0 for absent classes. */
    private double[] classWeights(List<Sample> train, boolean edges) {
        long[] n = new long[FaultClass.COUNT];
        long total = 0;
        for (Sample s : train) {
            for (int y : edges ? s.edgeY() : s.nodeY()) {
                if (y >= 0) {
                    n[y]++;
                    total++;
                }
            }
        }
        int present = 0;
        for (long c : n) {
            present += c > 0 ? 1 : 0;
        }
        double[] w = new double[FaultClass.COUNT];
        for (int c = 0; c < w.length; c++) {
            w[c] = n[c] == 0 ? 0 : StrictMath.pow((double) total / (present * (double) n[c]), cfg.classWeightPower());
        }
        return w;
    }

    /** One batch: forward, weighted loss, backward (gradients accumulate); returns the batch loss. */
    private double step(GraphModel model, List<GraphModel.Pass> passes, List<Sample> batch, double[] ew, double[] nw) {
        double we = 0;
        double wn = 0;
        for (Sample s : batch) {
            we += WeightedCrossEntropy.weight(s.edgeY(), ew);
            wn += WeightedCrossEntropy.weight(s.nodeY(), nw);
        }
        double total = 0;
        for (int i = 0; i < batch.size(); i++) {
            Sample s = batch.get(i);
            total += lossAndGradient(model, passes.get(i), s.features(), s.nodeY(), s.edgeY(), nw, ew,
                    wn / cfg.nodeLossWeight(), we, true);
        }
        return total;
    }

    /**
     * The loss of one snapshot, {@code WCE(edges)/edgeNorm + WCE(nodes)/nodeNorm}; with {@code backward} its
     * gradient is accumulated into the model's parameters.
     */
    static double lossAndGradient(GraphModel model, GraphModel.Pass pass, FeatureGraph g, int[] nodeY, int[] edgeY,
            double[] nodeWeights, double[] edgeWeights, double nodeNorm, double edgeNorm, boolean backward) {
        model.forward(g, pass);
        double[] pn = new double[pass.nodeLogits.length];
        double[] pe = new double[pass.edgeLogits.length];
        double[] dn = backward ? new double[pn.length] : null;
        double[] de = backward ? new double[pe.length] : null;
        double loss = 0;
        if (edgeNorm > 0) {
            loss += WeightedCrossEntropy.loss(pass.edgeLogits, edgeY, edgeWeights, edgeNorm, pe, de);
        }
        if (nodeNorm > 0 && Double.isFinite(nodeNorm)) {
            loss += WeightedCrossEntropy.loss(pass.nodeLogits, nodeY, nodeWeights, nodeNorm, pn, dn);
        }
        if (backward) {
            model.backward(pass, dn, de);
        }
        return loss;
    }

    private double loss(GraphModel model, List<Sample> samples, double[] ew, double[] nw) {
        double we = 0;
        double wn = 0;
        for (Sample s : samples) {
            we += WeightedCrossEntropy.weight(s.edgeY(), ew);
            wn += WeightedCrossEntropy.weight(s.nodeY(), nw);
        }
        GraphModel.Pass pass = model.newPass();
        double total = 0;
        for (Sample s : samples) {
            total += lossAndGradient(model, pass, s.features(), s.nodeY(), s.edgeY(), nw, ew, wn / cfg.nodeLossWeight(),
                    we, false);
        }
        return total;
    }

    private static double[][] copy(List<Param> params) {
        double[][] c = new double[params.size()][];
        for (int i = 0; i < c.length; i++) {
            c[i] = params.get(i).w.clone();
        }
        return c;
    }

    /** Thresholds: fixed, or the smallest grid value without a false positive in the replay, one step up. */
    private DecisionRule chooseRule(Probabilities probs, List<List<Sample>> val, Map<String, Double> scores) {
        DecisionRule base = new DecisionRule(0.5, 0.5, cfg.debounce(), cfg.nodeDebounce(), cfg.warmupPeriods());
        double edge = cfg.edgeThreshold();
        double node = cfg.nodeThreshold();
        if (Double.isNaN(edge) || Double.isNaN(node)) {
            int pick = GRID.length - 1;
            for (int i = 0; i < GRID.length; i++) {
                double e = Double.isNaN(edge) ? GRID[i] : edge;
                double n = Double.isNaN(node) ? GRID[i] : node;
                Replay.Outcome o = Replay.run(val, () -> probs.flagger(base.withThresholds(e, n)));
                log.accept(String.format("  threshold %.3f: %d/%d detected, TTD median %.0f ms, %d false positives (%d in"
                        + " clean time); %s", GRID[i], o.detected(), o.faults(), o.median(), o.falsePositives(),
                        o.cleanFalsePositives(), byKind(o)));
                if (o.cleanFalsePositives() == 0) {
                    pick = Math.min(GRID.length - 1, i + 1);
                    break;
                }
            }
            edge = Double.isNaN(edge) ? GRID[pick] : edge;
            node = Double.isNaN(node) ? GRID[pick] : node;
        }
        DecisionRule rule = base.withThresholds(edge, node);
        Replay.Outcome o = Replay.run(val, () -> probs.flagger(rule));
        put(scores, "", o);
        scores.put("edge_threshold", edge);
        scores.put("node_threshold", node);
        return rule;
    }

    private static String byKind(Replay.Outcome o) {
        StringBuilder b = new StringBuilder();
        o.delaysByKind().forEach((k, d) -> b.append(String.format("%s %d median %.0f ms ", k, d.length,
                Replay.Outcome.percentile(d, 0.5))));
        return b.toString().strip();
    }

    private static void put(Map<String, Double> scores, String prefix, Replay.Outcome o) {
        o.delaysByKind().forEach((kind, d) -> scores.put(prefix + "ttd_median_ms_" + kind, Replay.Outcome.percentile(d, 0.5)));
        scores.put(prefix + "faults", (double) o.faults());
        scores.put(prefix + "detected", (double) o.detected());
        scores.put(prefix + "ttd_median_ms", o.median());
        scores.put(prefix + "ttd_p90_ms", o.percentile(0.9));
        scores.put(prefix + "false_positives", (double) o.falsePositives());
        scores.put(prefix + "clean_false_positives", (double) o.cleanFalsePositives());
    }

    /** The model's fault probabilities on every validation sample, computed once. */
    private record Probabilities(Map<Sample, double[][]> bySample) {
        static Probabilities of(GraphModel model, List<List<Sample>> segments) {
            Map<Sample, double[][]> m = new java.util.IdentityHashMap<>();
            GraphModel.Pass pass = model.newPass();
            for (List<Sample> seg : segments) {
                for (Sample s : seg) {
                    model.forward(s.features(), pass);
                    double[] pn = new double[pass.nodeLogits.length];
                    double[] pe = new double[pass.edgeLogits.length];
                    GraphModel.softmax(pass.nodeLogits, pn);
                    GraphModel.softmax(pass.edgeLogits, pe);
                    m.put(s, new double[][] {pn, pe});
                }
            }
            return new Probabilities(m);
        }

        /** A fresh flagger applying {@code rule} to these probabilities (per-item debouncing as the detector does). */
        Replay.Flagger flagger(DecisionRule rule) {
            Map<Long, Debounce> edges = new HashMap<>();
            Map<Integer, Debounce> nodes = new HashMap<>();
            int c = FaultClass.COUNT;
            int h = FaultClass.HEALTHY.ordinal();
            return s -> {
                double[][] p = bySample.get(s);
                FeatureGraph fg = s.features();
                boolean warming = s.indexInRun() < rule.warmupPeriods();
                int[] ids = fg.nodeIds();
                List<GraphScores.EdgeScore> es = new ArrayList<>();
                for (int k = 0; k < fg.edges(); k++) {
                    int from = ids[fg.src()[k]];
                    int to = ids[fg.dst()[k]];
                    double pf = 1 - p[1][k * c + h];
                    Debounce d = edges.computeIfAbsent(((long) from << 32) | (to & 0xffffffffL), x -> new Debounce(rule.debounce()));
                    es.add(new GraphScores.EdgeScore(from, to, pf / rule.edgeThreshold(),
                            judge(d, pf, rule.edgeThreshold(), warming)));
                }
                List<GraphScores.NodeScore> ns = new ArrayList<>();
                for (int v = 0; v < fg.nodes(); v++) {
                    double pf = 1 - p[0][v * c + h];
                    Debounce d = nodes.computeIfAbsent(ids[v], x -> new Debounce(rule.nodeDebounce()));
                    ns.add(new GraphScores.NodeScore(ids[v], pf / rule.nodeThreshold(), judge(d, pf, rule.nodeThreshold(), warming)));
                }
                return new GraphScores(es, ns);
            };
        }

        private static boolean judge(Debounce d, double p, double t, boolean warming) {
            var v = warming ? io.ebpf4j.heal.detect.Verdict.warming(p, t)
                    : new io.ebpf4j.heal.detect.Verdict(p, t, p >= t, false);
            return d.apply(v).anomalous();
        }

        /** Arg-max macro-F1 over the classes present in the labels of one head. */
        double macroF1(List<List<Sample>> segments, boolean edgeHead) {
            int c = FaultClass.COUNT;
            long[] tp = new long[c];
            long[] fp = new long[c];
            long[] fn = new long[c];
            for (List<Sample> seg : segments) {
                for (Sample s : seg) {
                    double[] p = bySample.get(s)[edgeHead ? 1 : 0];
                    int[] y = edgeHead ? s.edgeY() : s.nodeY();
                    for (int r = 0; r < y.length; r++) {
                        if (y[r] < 0) {
                            continue;
                        }
                        int arg = 0;
                        for (int k = 1; k < c; k++) {
                            if (p[r * c + k] > p[r * c + arg]) {
                                arg = k;
                            }
                        }
                        if (arg == y[r]) {
                            tp[arg]++;
                        } else {
                            fp[arg]++;
                            fn[y[r]]++;
                        }
                    }
                }
            }
            double sum = 0;
            int present = 0;
            for (int k = 0; k < c; k++) {
                if (tp[k] + fn[k] > 0) {
                    present++;
                    sum += 2.0 * tp[k] / (2.0 * tp[k] + fp[k] + fn[k]);
                }
            }
            return present == 0 ? Double.NaN : sum / present;
        }
    }
}
