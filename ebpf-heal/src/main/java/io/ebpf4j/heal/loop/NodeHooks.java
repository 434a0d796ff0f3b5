package io.ebpf4j.heal.loop;

import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.hooks.mesh.Action;
import io.ebpf4j.hooks.mesh.MeshFilter;
import io.ebpf4j.hooks.mesh.Prober;
import io.ebpf4j.netns.NetNs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The hooks one node's loop reads: its mesh filter (XDP on each of its interfaces, peers registered
 * by SPIFFE ID and prefixes, probe answering and RTT/loss recording) and its prober (a probe to every
 * neighbour's direct-link address each {@code probeInterval}). Created inside the node's network
 * namespace ({@code netns}, or the current one when null). Close detaches everything; idempotent.
 */
public final class NodeHooks implements AutoCloseable {
    private final MeshFilter filter;
    private final Prober prober;
    private boolean closed;

    private NodeHooks(MeshFilter filter, Prober prober) {
        this.filter = filter;
        this.prober = prober;
    }

    /**
     * @param netns         the node's namespace name (null: the current namespace)
     * @param interfaces    the interfaces to attach the filter to
     * @param peers         every other node's SPIFFE ID with the prefixes its traffic comes from
     * @param neighbours    the directly linked peers to probe
     * @param probePort     the UDP port probes use
     * @param probeInterval time between probe rounds
     */
    public static NodeHooks start(String netns, List<String> interfaces, Map<SpiffeId, List<String>> peers,
            List<Neighbour> neighbours, int probePort, Duration probeInterval) {
        Objects.requireNonNull(interfaces, "interfaces");
        MeshFilter f = MeshFilter.builder().defaultAction(Action.ALLOW).probePort(probePort).build();
        try {
            peers.forEach((id, cidrs) -> f.identities().register(id, cidrs.toArray(String[]::new)));
            Prober.Builder pb = f.prober().interval(probeInterval);
            neighbours.forEach(n -> pb.target(n.id(), n.probeAddress()));
            Prober p = inNetns(netns, () -> {
                interfaces.forEach(f::attach);
                return pb.start();
            });
            return new NodeHooks(f, p);
        } catch (RuntimeException | Error e) {
            f.close();
            throw e;
        }
    }

    private static <T> T inNetns(String netns, java.util.concurrent.Callable<T> task) {
        if (netns != null) {
            return NetNs.run(netns, task);
        }
        try {
            return task.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The node's mesh filter. */
    public MeshFilter filter() {
        return filter;
    }

    /** The node's prober. */
    public Prober prober() {
        return prober;
    }

    /** Stops probing and detaches and closes the filter; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            prober.close();
        } finally {
            filter.close();
        }
    }
}
