package io.ebpf4j.examples;

import io.ebpf4j.heal.detect.Debounce;
import io.ebpf4j.heal.learn.GraphModel;
import io.ebpf4j.heal.learn.LabelledRun;
import io.ebpf4j.heal.learn.Trainer;
import io.ebpf4j.heal.learn.TrainingConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code train-graph}: trains the learned graph detector (GraphSAGE or the MLP baseline) on labelled
 * {@code graphs.jsonl} of experiment runs ({@code self-heal-demo --graph-every 1}), deterministically for
 * a seed, and writes the model file with its provenance. Prints the validation scores.
 */
@Command(name = "train-graph", mixinStandardHelpOptions = true,
        description = {"Trains the learned graph detector on labelled graphs.jsonl of self-heal-demo runs.",
            "Record the runs with `self-heal-demo --graph-every 1`. Same seed and data: bit-identical weights."})
public final class TrainGraphCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, split = ",",
            description = "graphs.jsonl files, or directories searched for them (recursively).")
    List<Path> inputs;

    @Option(names = "--out", required = true, description = "The model file to write (JSON).")
    Path out;

    @Option(names = "--model", defaultValue = "graphsage", description = "graphsage or mlp (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of weights, split and shuffling (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--hidden", defaultValue = "16", description = "Hidden width (default ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--head-hidden", defaultValue = "16", description = "Heads' hidden width (default ${DEFAULT-VALUE}).")
    int headHidden;

    @Option(names = "--epochs", defaultValue = "60", description = "Most epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", defaultValue = "32", description = "Snapshots per step (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "0.003", description = "Adam learning rate (default ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--weight-decay", defaultValue = "1e-4", description = "Decoupled weight decay (default ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--patience", defaultValue = "8", description = "Early-stopping patience, epochs (default ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--val-fraction", defaultValue = "0.2", description = "Share of time blocks for validation (default ${DEFAULT-VALUE}).")
    double valFraction;

    @Option(names = "--val-block", defaultValue = "20", description = "Validation block length, seconds (default ${DEFAULT-VALUE}).")
    double valBlock;

    @Option(names = "--class-weight-power", defaultValue = "0.5",
            description = "Class weights (N/(K n_c))^power (default ${DEFAULT-VALUE}).")
    double classWeightPower;

    @Option(names = "--node-loss-weight", defaultValue = "1", description = "Node head's loss weight (default ${DEFAULT-VALUE}).")
    double nodeLossWeight;

    @Option(names = "--debounce", defaultValue = "2/3/5",
            description = "Per-edge debouncing on/window/off (default ${DEFAULT-VALUE}).")
    String debounce;

    @Option(names = "--node-debounce", defaultValue = "1/1/5",
            description = "Per-node debouncing on/window/off (default ${DEFAULT-VALUE}).")
    String nodeDebounce;

    @Option(names = "--warmup", defaultValue = "20", description = "Periods without flags at start (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--edge-threshold", description = "Fixed edge threshold (default: chosen on validation).")
    Double edgeThreshold;

    @Option(names = "--node-threshold", description = "Fixed node threshold (default: chosen on validation).")
    Double nodeThreshold;

    @Override
    public Integer call() {
        try {
            TrainingConfig cfg = new TrainingConfig(GraphModel.Kind.of(model), hidden, headHidden, epochs, batch, lr,
                    weightDecay, patience, seed, valFraction, valBlock, classWeightPower, nodeLossWeight,
                    debounce("--debounce", debounce), debounce("--node-debounce", nodeDebounce), warmup,
                    edgeThreshold == null ? Double.NaN : edgeThreshold, nodeThreshold == null ? Double.NaN : nodeThreshold);
            List<LabelledRun> runs = new ArrayList<>();
            for (Path f : files()) {
                LabelledRun r = LabelledRun.read(f);
                System.out.printf("read %s: %d snapshots (seed %s, %s)%n", f, r.snapshots().size(),
                        r.seed() < 0 ? "unknown" : Long.toString(r.seed()), r.date().isEmpty() ? "date unknown" : r.date());
                runs.add(r);
            }
            Trainer.Result result = Trainer.train(cfg, runs, command(), System.out::println);
            result.model().save(out);
            System.out.println();
            System.out.println("validation scores:");
            for (Map.Entry<String, Double> e : new TreeMap<>(result.report().validation()).entrySet()) {
                System.out.printf("  %-24s %s%n", e.getKey(), fmt(e.getValue()));
            }
            System.out.printf("model (%d parameters) written to %s%n", result.model().model().parameterCount(),
                    out.toAbsolutePath());
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("train-graph: " + e.getMessage());
            return 2;
        } catch (UncheckedIOException e) {
            System.err.println("train-graph: " + e.getMessage() + ": " + e.getCause().getMessage());
            return 1;
        }
    }

    /** The input files: each file as given, each directory's graphs.jsonl files (sorted, recursively). */
    private List<Path> files() {
        List<Path> files = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(f -> f.getFileName().toString().equals("graphs.jsonl")).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + p, e);
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw new IllegalArgumentException("--input " + p + " is neither a file nor a directory");
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no graphs.jsonl under " + inputs);
        }
        return files;
    }

    private static Debounce.Config debounce(String option, String v) {
        String[] d = v.split("/");
        try {
            if (d.length == 3) {
                return new Debounce.Config(Integer.parseInt(d[0].trim()), Integer.parseInt(d[1].trim()),
                        Integer.parseInt(d[2].trim()));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be on/window/off, e.g. 2/3/5: " + v);
    }

    /** The command line as given (the hyper-parameters in full are in the provenance too). */
    private String command() {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        int from = args.indexOf(spec.name()); // the parent's arguments come first when run as a subcommand
        return spec.name() + " " + String.join(" ", args.subList(from + 1, args.size()));
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : String.format("%.4f", v);
    }
}
