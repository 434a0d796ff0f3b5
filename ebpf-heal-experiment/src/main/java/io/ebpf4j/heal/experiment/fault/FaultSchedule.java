package io.ebpf4j.heal.experiment.fault;

import io.ebpf4j.heal.experiment.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * A reproducible fault plan: faults one after another, each for a while, with clean gaps between
 * them (never two at once). The same {@link Builder} settings and seed give the same schedule on
 * every JVM ({@link Random} is specified).
 *
 * <pre>{@code
 * FaultSchedule s = FaultSchedule.builder(5).seed(42).total(Duration.ofMinutes(5))
 *         .kinds(Fault.Kind.LOSS, Fault.Kind.LINK_DOWN).build();
 * for (FaultSchedule.Entry e : s.entries()) { ... e.start() ... e.fault() ... e.end() ... }
 * }</pre>
 *
 * @param seed    the seed it was generated from
 * @param total   the experiment length; every entry ends at least one minimum gap before it
 * @param entries the faults in start order
 */
public record FaultSchedule(long seed, Duration total, List<Entry> entries) {
    public FaultSchedule {
        entries = List.copyOf(entries);
    }

    /**
     * One fault of the plan.
     *
     * @param fault    what to inject
     * @param start    when, from the experiment's start
     * @param duration how long it stays
     */
    public record Entry(Fault fault, Duration start, Duration duration) {
        /** When to clear it, from the experiment's start. */
        public Duration end() {
            return start.plus(duration);
        }
    }

    /** A builder for a mesh of {@code nodes} nodes. */
    public static Builder builder(int nodes) {
        return new Builder(nodes);
    }

    /** Settings of a schedule; defaults: seed 1, 5 minutes, every mesh fault kind (not the agents'), faults 10-30 s, gaps 10-20 s. */
    public static final class Builder {
        private final int nodes;
        private long seed = 1;
        private Duration total = Duration.ofMinutes(5);
        private Set<Fault.Kind> kinds = EnumSet.range(Fault.Kind.LOSS, Fault.Kind.SERVICE_KILL); // the mesh faults
        private Duration minDuration = Duration.ofSeconds(10);
        private Duration maxDuration = Duration.ofSeconds(30);
        private Duration minGap = Duration.ofSeconds(10);
        private Duration maxGap = Duration.ofSeconds(20);
        private int gossipPort = 7950;
        private final Map<Fault.Kind, List<?>> severities = new EnumMap<>(Fault.Kind.class);

        private Builder(int nodes) {
            if (nodes < 3 || nodes > 8) {
                throw new IllegalArgumentException("a heal mesh has 3 to 8 nodes, not " + nodes);
            }
            this.nodes = nodes;
            severities.put(Fault.Kind.LOSS, List.of(0.1, 0.3, 0.6));
            severities.put(Fault.Kind.BANDWIDTH, List.of(64_000L, 256_000L));
        }

        /** The random seed. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The agents' gossip port, for gossip partitions (7950 by default). */
        public Builder gossipPort(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("gossip port must be 1..65535, not " + port);
            }
            this.gossipPort = port;
            return this;
        }

        /** The experiment length. */
        public Builder total(Duration total) {
            this.total = positive(total, "total");
            return this;
        }

        /** The fault kinds to draw from (each once per round, in a seeded random order). */
        public Builder kinds(Fault.Kind... kinds) {
            if (kinds.length == 0) {
                throw new IllegalArgumentException("at least one fault kind");
            }
            this.kinds = EnumSet.of(kinds[0], kinds);
            return this;
        }

        /** The fault kinds to draw from (each once per round, in a seeded random order). */
        public Builder kinds(Set<Fault.Kind> kinds) {
            return kinds(kinds.toArray(Fault.Kind[]::new));
        }

        /** How long each fault lasts: uniform in [min, max]. */
        public Builder durations(Duration min, Duration max) {
            this.minDuration = positive(min, "min duration");
            this.maxDuration = positive(max, "max duration");
            if (max.compareTo(min) < 0) {
                throw new IllegalArgumentException("max duration " + max + " < min " + min);
            }
            return this;
        }

        /** The clean gap before each fault (and after the last): uniform in [min, max]. */
        public Builder gaps(Duration min, Duration max) {
            this.minGap = positive(min, "min gap");
            this.maxGap = positive(max, "max gap");
            if (max.compareTo(min) < 0) {
                throw new IllegalArgumentException("max gap " + max + " < min " + min);
            }
            return this;
        }

        /** The loss shares to draw from (each in (0, 1]). */
        public Builder lossShares(double... shares) {
            List<Double> l = new ArrayList<>();
            for (double s : shares) {
                new Fault.LinkLoss(0, 1, s); // validates
                l.add(s);
            }
            severities.put(Fault.Kind.LOSS, nonEmpty(l, "loss shares"));
            return this;
        }

        /** The tbf rates (bit/s) to draw from. */
        public Builder bandwidthRates(long... rates) {
            List<Long> l = new ArrayList<>();
            for (long r : rates) {
                new Fault.BandwidthCollapse(0, 1, r); // validates
                l.add(r);
            }
            severities.put(Fault.Kind.BANDWIDTH, nonEmpty(l, "bandwidth rates"));
            return this;
        }

        /** Generates the schedule. */
        public FaultSchedule build() {
            Random rnd = new Random(seed);
            List<Fault.Kind> kindList = List.copyOf(kinds);
            List<Fault.Kind> round = new ArrayList<>();
            List<Entry> entries = new ArrayList<>();
            long t = between(rnd, minGap, maxGap);
            long end = total.toNanos();
            while (t + minDuration.toNanos() + minGap.toNanos() <= end) {
                long d = Math.min(between(rnd, minDuration, maxDuration), end - minGap.toNanos() - t);
                if (round.isEmpty()) {
                    round.addAll(kindList); // every kind once per round, in a seeded order
                    java.util.Collections.shuffle(round, rnd);
                }
                Fault f = draw(rnd, round.remove(round.size() - 1));
                entries.add(new Entry(f, Duration.ofNanos(t), Duration.ofNanos(d)));
                t += d + between(rnd, minGap, maxGap);
            }
            return new FaultSchedule(seed, total, entries);
        }

        private Fault draw(Random rnd, Fault.Kind kind) {
            int a = rnd.nextInt(nodes);
            int b = (a + 1 + rnd.nextInt(nodes - 1)) % nodes;
            return switch (kind) {
                case LOSS -> new Fault.LinkLoss(Math.min(a, b), Math.max(a, b), (Double) pick(rnd, kind));
                case LINK_DOWN -> new Fault.LinkDown(Math.min(a, b), Math.max(a, b));
                case BLACKHOLE -> new Fault.Blackhole(a);
                case BANDWIDTH -> new Fault.BandwidthCollapse(Math.min(a, b), Math.max(a, b), (Long) pick(rnd, kind));
                case SERVICE_KILL -> new Fault.ServiceKill(a);
                case AGENT_KILL -> new Fault.AgentKill(a);
                case GOSSIP_PARTITION -> new Fault.GossipPartition(a, gossipPort);
            };
        }

        private Object pick(Random rnd, Fault.Kind kind) {
            List<?> l = severities.get(kind);
            return l.get(rnd.nextInt(l.size()));
        }

        private static long between(Random rnd, Duration min, Duration max) {
            long lo = min.toNanos();
            long span = max.toNanos() - lo;
            return span == 0 ? lo : lo + (long) (rnd.nextDouble() * span);
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, not " + d);
            }
            return d;
        }

        private static <T> List<T> nonEmpty(List<T> l, String what) {
            if (l.isEmpty()) {
                throw new IllegalArgumentException("at least one of the " + what);
            }
            return List.copyOf(l);
        }
    }
}
