package io.ebpf4j.hooks.internal;

import io.ebpf4j.BpfObject;
import io.ebpf4j.link.Link;
import io.ebpf4j.map.BpfMap;
import io.ebpf4j.map.Codecs;
import io.ebpf4j.ringbuf.RawRecordHandler;
import io.ebpf4j.ringbuf.RingBufferReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * What every hook holds: its loaded object and links, a one-entry config map changed at run time,
 * per-CPU counter readers, listeners and the daemon thread that reads its ring buffer. Closes all of
 * them, newest first, once. Not part of the public API.
 *
 * @param <C> the config map's value record
 * @param <L> the listener type
 */
public final class HookRuntime<C extends Record, L> implements AutoCloseable {
    private final String name;
    private final BpfObject object;
    private final List<Link> links = new ArrayList<>();
    private final List<PerCpuSums> sums = new ArrayList<>();
    private final List<L> listeners = new CopyOnWriteArrayList<>();
    private BpfMap<Integer, C> config;
    private C current;
    private ReaderThread reader;
    private boolean closed;

    /** Takes ownership of {@code object}; {@code name} names the hook in errors and its thread. */
    public HookRuntime(String name, BpfObject object) {
        this.name = Objects.requireNonNull(name, "name");
        this.object = Objects.requireNonNull(object, "object");
    }

    /** The loaded object. */
    public BpfObject object() {
        return object;
    }

    /** Keeps {@code link} to close with the hook; returns it. */
    public Link own(Link link) {
        links.add(link);
        return link;
    }

    /** Writes {@code initial} to entry 0 of the array map {@code mapName} (layout checked against its BTF). */
    public void config(String mapName, Class<C> type, C initial) {
        config = object.map(mapName, Codecs.INT, Codecs.record(type));
        config.put(0, initial);
        current = initial;
    }

    /** The config last written. */
    public synchronized C config() {
        return current;
    }

    /** Writes {@code change(current)} to the config map. */
    public synchronized void updateConfig(UnaryOperator<C> change) {
        if (closed) {
            throw new IllegalStateException(name + " is closed");
        }
        C next = change.apply(current);
        config.put(0, next);
        current = next;
    }

    /** A reader of per-CPU map {@code mapName} whose value holds {@code longs} u64s, closed with the hook. */
    public PerCpuSums sums(String mapName, int longs) {
        PerCpuSums s = new PerCpuSums(object.map(mapName), longs);
        sums.add(s);
        return s;
    }

    /** Starts the daemon thread reading ring buffer {@code ringMap} into {@code handler}. */
    public void startReader(String ringMap, RawRecordHandler handler) {
        RingBufferReader rb = RingBufferReader.builder().ring(object, ringMap, handler).build();
        reader = ReaderThread.start(rb, "ebpf4j-" + name);
    }

    /** The listeners (copy-on-write: iterate freely on the reader thread). */
    public List<L> listeners() {
        return listeners;
    }

    /** Adds a listener. */
    public void addListener(L listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener added before. */
    public void removeListener(L listener) {
        listeners.remove(listener);
    }

    /** Stops the reader thread, detaches (newest link first), closes the readers and the object. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (reader != null) {
            reader.close();
        }
        for (int i = links.size() - 1; i >= 0; i--) {
            links.get(i).close();
        }
        sums.forEach(PerCpuSums::close);
        object.close();
    }
}
