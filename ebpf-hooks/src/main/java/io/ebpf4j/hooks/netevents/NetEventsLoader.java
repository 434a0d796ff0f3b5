package io.ebpf4j.hooks.netevents;

import io.ebpf4j.BpfObject;
import io.ebpf4j.ObjectSpec;
import io.ebpf4j.btf.Btf;
import io.ebpf4j.btf.BtfKind;
import io.ebpf4j.features.KernelCapabilities;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.features.Tracefs;
import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.link.Link;
import io.ebpf4j.link.RawTracepoint;
import io.ebpf4j.link.Tracepoint;
import io.ebpf4j.prebuilt.Prebuilt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads net_events.bpf.o with the programs of one {@link NetAttachPath} this kernel can run and
 * attaches them, one tracepoint at a time: a tracepoint that is missing, whose record type the
 * kernel's BTF lacks, whose program the verifier refuses or that fails to attach is skipped with its
 * reason. The raw tracepoint path is chosen where the kernel has raw tracepoints: it needs no tracefs.
 */
final class NetEventsLoader {
    private static final Logger LOG = LoggerFactory.getLogger(NetEventsLoader.class);
    static final String OBJECT = "net_events";

    private final NetAttachPath path;
    private final Map<NetTracepoint, TracepointStatus> status = new EnumMap<>(NetTracepoint.class);
    private final List<Link> links = new ArrayList<>();

    private NetEventsLoader(NetAttachPath path) {
        this.path = path;
    }

    /** The loaded object, its links, the path and the status of every requested tracepoint. */
    record Loaded(BpfObject object, List<Link> links, NetEventsState state, NetAttachPath path) {}

    /** Loads on {@code forced}, or (null) on the raw tracepoint path where the kernel has it, else on tracepoints. */
    static Loaded load(Set<NetTracepoint> requested, NetAttachPath forced) {
        NetAttachPath path = forced != null ? forced : choose();
        return new NetEventsLoader(path).run(requested, path == NetAttachPath.TRACEPOINT ? Tracefs.events().orElse(null) : null);
    }

    /**
     * On the tracepoint path, with the tracepoints listed in {@code events} (a tracefs events
     * directory, or null: tracefs unusable, for the reason {@link Tracefs#problem()} gives).
     */
    static Loaded loadTracepoints(Set<NetTracepoint> requested, Path events) {
        return new NetEventsLoader(NetAttachPath.TRACEPOINT).run(requested, events);
    }

    static NetAttachPath choose() {
        return KernelCapabilities.cached().has(KernelFeature.RAW_TRACEPOINT_ATTACH) ? NetAttachPath.RAW_TRACEPOINT
                : NetAttachPath.TRACEPOINT;
    }

    private Loaded run(Set<NetTracepoint> requested, Path events) {
        Set<NetTracepoint> candidates = precheck(requested, events);
        BpfObject object = loadDegrading(candidates);
        if (object == null) {
            throw new BpfException("loading " + OBJECT, "none of the requested tracepoints can be used here: "
                    + describe(status.values()));
        }
        try {
            for (NetTracepoint tp : candidates) {
                if (status.containsKey(tp)) {
                    continue;
                }
                try {
                    links.add(attach(object, tp));
                    status.put(tp, new TracepointStatus(tp, true, path == NetAttachPath.RAW_TRACEPOINT
                            ? "attached as a raw tracepoint" : "attached"));
                } catch (BpfException e) {
                    skip(tp, "attach failed: " + e.getMessage());
                }
            }
            return new Loaded(object, List.copyOf(links), new NetEventsState(status), path);
        } catch (RuntimeException e) {
            links.forEach(Link::close);
            object.close();
            throw e;
        }
    }

    private Link attach(BpfObject object, NetTracepoint tp) {
        return path == NetAttachPath.RAW_TRACEPOINT ? RawTracepoint.attach(object.program(tp.rawProgram()), tp.event())
                : Tracepoint.attach(object.program(tp.program()), tp.category(), tp.event());
    }

    /**
     * Skipped tracepoints in one line: those with the same reason grouped, e.g. "tracefs at
     * /sys/kernel/tracing is not readable by this process (mode 0700, owner root): ... (tcp:tcp_retransmit_skb,
     * skb:kfree_skb)".
     */
    static String describe(Collection<TracepointStatus> skipped) {
        Map<String, List<String>> byReason = new LinkedHashMap<>();
        for (TracepointStatus s : skipped) {
            byReason.computeIfAbsent(s.reason(), r -> new ArrayList<>()).add(s.tracepoint().toString());
        }
        return byReason.entrySet().stream().map(e -> e.getKey() + " (" + String.join(", ", e.getValue()) + ")")
                .collect(Collectors.joining("; "));
    }

    private Set<NetTracepoint> precheck(Set<NetTracepoint> requested, Path events) {
        Set<NetTracepoint> ok = EnumSet.noneOf(NetTracepoint.class);
        try (Btf btf = Btf.vmlinux()) {
            for (NetTracepoint tp : requested) {
                if (path == NetAttachPath.RAW_TRACEPOINT) {
                    if (btf.find(tp.btfTypedef(), BtfKind.TYPEDEF).isEmpty()) {
                        skip(tp, "this kernel has no tracepoint " + tp + " (no " + tp.btfTypedef() + " in its BTF)");
                    } else {
                        ok.add(tp);
                    }
                } else if (events == null) {
                    skip(tp, tracefsProblem());
                } else if (!Files.isDirectory(events.resolve(tp.category()).resolve(tp.event()))) {
                    skip(tp, "this kernel has no tracepoint " + tp);
                } else if (tp.recordTypes().stream().noneMatch(t -> btf.find(t, BtfKind.STRUCT).isPresent())) {
                    skip(tp, "the kernel's BTF has none of " + tp.recordTypes());
                } else {
                    ok.add(tp);
                }
            }
        }
        return ok;
    }

    /** Why the tracepoint path cannot read tracefs, with the remedy, in one line. */
    private static String tracefsProblem() {
        String problem = Tracefs.problem().orElse("tracefs is not mounted");
        return Tracefs.mountedButUnreadable()
                ? problem + ": the tracepoint ids cannot be read; remedy: " + Tracefs.REMEDY
                : problem + "; remedy: mount -t tracefs tracefs /sys/kernel/tracing";
    }

    /** Loads with {@code candidates}; on failure finds which programs the kernel refuses and drops them. */
    private BpfObject loadDegrading(Set<NetTracepoint> candidates) {
        if (candidates.isEmpty()) {
            return null;
        }
        try {
            return spec(candidates).load();
        } catch (BpfException e) {
            if (candidates.size() == 1) {
                skip(candidates.iterator().next(), "load failed: " + e.getMessage());
                return null;
            }
        }
        Set<NetTracepoint> good = EnumSet.noneOf(NetTracepoint.class);
        for (NetTracepoint tp : candidates) {
            try (BpfObject alone = spec(EnumSet.of(tp)).load()) {
                good.add(tp);
            } catch (BpfException e) {
                skip(tp, "load failed: " + e.getMessage());
            }
        }
        candidates.retainAll(good);
        return good.isEmpty() ? null : spec(good).load();
    }

    private ObjectSpec spec(Set<NetTracepoint> enabled) {
        ObjectSpec spec = ObjectSpec.open(Prebuilt.bundled().bytes(OBJECT), OBJECT);
        for (NetTracepoint tp : NetTracepoint.values()) {
            spec.program(tp.program()).setAutoload(path == NetAttachPath.TRACEPOINT && enabled.contains(tp));
            spec.program(tp.rawProgram()).setAutoload(path == NetAttachPath.RAW_TRACEPOINT && enabled.contains(tp));
        }
        return spec;
    }

    private void skip(NetTracepoint tp, String reason) {
        LOG.info("net events: skipping {}: {}", tp, reason);
        status.put(tp, new TracepointStatus(tp, false, reason));
    }
}
