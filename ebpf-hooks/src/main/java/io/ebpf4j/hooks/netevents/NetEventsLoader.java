package io.ebpf4j.hooks.netevents;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.BpfObject;
import io.ebpf4j.ObjectSpec;
import io.ebpf4j.btf.Btf;
import io.ebpf4j.btf.BtfKind;
import io.ebpf4j.link.Link;
import io.ebpf4j.link.Tracepoint;
import io.ebpf4j.prebuilt.Prebuilt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads net_events.bpf.o with the programs this kernel can run and attaches them, one tracepoint at a
 * time: a tracepoint that is missing, whose record type the kernel's BTF lacks, whose program the
 * verifier refuses or that fails to attach is skipped with its reason.
 */
final class NetEventsLoader {
    private static final Logger LOG = LoggerFactory.getLogger(NetEventsLoader.class);
    static final String OBJECT = "net_events";
    private static final Path[] TRACEFS = {Path.of("/sys/kernel/tracing/events"), Path.of("/sys/kernel/debug/tracing/events")};

    private final Map<NetTracepoint, TracepointStatus> status = new EnumMap<>(NetTracepoint.class);
    private final List<Link> links = new ArrayList<>();

    /** The loaded object, its links and the status of every requested tracepoint. */
    record Loaded(BpfObject object, List<Link> links, NetEventsState state) {}

    static Loaded load(Set<NetTracepoint> requested) {
        return new NetEventsLoader().run(requested, tracefsEvents());
    }

    /** As {@link #load(Set)}, with the tracepoints listed in {@code events} (a tracefs events directory, or null: none). */
    static Loaded load(Set<NetTracepoint> requested, Path events) {
        return new NetEventsLoader().run(requested, events);
    }

    private Loaded run(Set<NetTracepoint> requested, Path events) {
        Set<NetTracepoint> candidates = precheck(requested, events);
        BpfObject object = loadDegrading(candidates);
        if (object == null) {
            throw new BpfException("loading " + OBJECT, "none of the requested tracepoints can be used here: "
                    + status.values());
        }
        try {
            for (NetTracepoint tp : candidates) {
                if (status.containsKey(tp)) {
                    continue;
                }
                try {
                    links.add(Tracepoint.attach(object.program(tp.program()), tp.category(), tp.event()));
                    status.put(tp, new TracepointStatus(tp, true, "attached"));
                } catch (BpfException e) {
                    skip(tp, "attach failed: " + e.getMessage());
                }
            }
            return new Loaded(object, List.copyOf(links), new NetEventsState(status));
        } catch (RuntimeException e) {
            links.forEach(Link::close);
            object.close();
            throw e;
        }
    }

    private Set<NetTracepoint> precheck(Set<NetTracepoint> requested, Path events) {
        Set<NetTracepoint> ok = EnumSet.noneOf(NetTracepoint.class);
        try (Btf btf = Btf.vmlinux()) {
            for (NetTracepoint tp : requested) {
                if (events == null) {
                    skip(tp, "tracefs is not mounted (mount -t tracefs tracefs /sys/kernel/tracing)");
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

    private static Path tracefsEvents() {
        for (Path p : TRACEFS) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
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

    private static ObjectSpec spec(Set<NetTracepoint> enabled) {
        ObjectSpec spec = ObjectSpec.open(Prebuilt.bundled().bytes(OBJECT), OBJECT);
        for (NetTracepoint tp : NetTracepoint.values()) {
            spec.program(tp.program()).setAutoload(enabled.contains(tp));
        }
        return spec;
    }

    private void skip(NetTracepoint tp, String reason) {
        LOG.info("net events: skipping {}: {}", tp, reason);
        status.put(tp, new TracepointStatus(tp, false, reason));
    }
}
