package io.ebpf4j.map;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.Errno;
import io.ebpf4j.internal.ffi.Check;
import io.ebpf4j.internal.ffi.OpKind;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch operations of a {@link BpfMap}, with the per-key fallback: the first time the kernel
 * refuses a batch operation for a map (EINVAL, EOPNOTSUPP, ENOTSUPP) the {@link RawMap} remembers it
 * and this class does the same work one element at a time from then on.
 *
 * <p>Each thread has its own batch buffers per view (allocated on first use, grown when a hash bucket
 * does not fit).
 */
final class MapBatches<K, V> {
    private static final Logger LOG = LoggerFactory.getLogger(MapBatches.class);
    private static final int MAX_CHUNK = 256;
    /** Per-thread buffer budget: per-CPU values on machines with many CPUs get smaller chunks. */
    private static final long MAX_CHUNK_BYTES = 256 * 1024;

    private final BpfMap<K, V> map;
    private final RawMap raw;
    private final ThreadLocal<Buffers> buffers;

    private static final class Buffers {
        int chunk;
        MemorySegment keys;
        MemorySegment values;
        final BatchCursor cursor;

        Buffers(RawMap raw, int chunk) {
            this.cursor = raw.newBatchCursor();
            allocate(raw, chunk);
        }

        void allocate(RawMap raw, int chunk) {
            Arena arena = Arena.ofAuto();
            this.chunk = chunk;
            this.keys = arena.allocate((long) raw.keySize() * chunk, 8);
            this.values = arena.allocate((long) raw.valueBufferSize() * chunk, 8);
        }
    }

    MapBatches(BpfMap<K, V> map) {
        this.map = map;
        this.raw = map.raw;
        long elementBytes = (long) raw.keySize() + raw.valueBufferSize();
        int chunk = (int) Math.max(1, Math.min(Math.min(MAX_CHUNK, raw.info().maxEntries()),
                MAX_CHUNK_BYTES / Math.max(1, elementBytes)));
        this.buffers = ThreadLocal.withInitial(() -> new Buffers(raw, chunk));
    }

    /** Reads every element ({@link BatchOp#LOOKUP}), or reads and deletes each ({@link BatchOp#LOOKUP_AND_DELETE}). */
    Map<K, V> lookupAll(BatchOp op) {
        boolean delete = switch (op) {
            case LOOKUP -> false;
            case LOOKUP_AND_DELETE -> true;
            case UPDATE, DELETE -> throw new IllegalArgumentException("not a lookup: " + op);
        };
        Map<K, V> out = new LinkedHashMap<>();
        if (raw.batchSupported(op)) {
            Buffers b = buffers.get();
            b.cursor.reset();
            try {
                while (!b.cursor.isDone()) {
                    int n;
                    try {
                        n = delete ? raw.lookupAndDeleteBatch(b.cursor, b.keys, b.values, b.chunk)
                                : raw.lookupBatch(b.cursor, b.keys, b.values, b.chunk);
                    } catch (BpfException e) {
                        if (e.errnoNumber() == Errno.ENOSPC.number() && b.chunk < raw.info().maxEntries()) {
                            b.allocate(raw, b.chunk * 2); // a hash bucket is larger than the chunk
                            continue;
                        }
                        throw e;
                    }
                    decodeInto(out, b, n);
                }
                return out;
            } catch (BpfException e) {
                if (!RawMap.isUnsupported(e) || !out.isEmpty()) {
                    throw e;
                }
                LOG.debug("{}: batch lookup unsupported ({}); reading element by element", raw, e.getMessage());
            }
        }
        BpfMap.Scratch s = map.scratch();
        for (K k : map.keys()) {
            map.keyCodec.encode(k, s.key(), 0);
            if (raw.lookup(s.key(), s.value())) {
                V v = map.valueCodec.decode(s.value(), 0);
                if (!delete || raw.delete(s.key())) {
                    out.put(k, v);
                }
            }
        }
        return out;
    }

    int updateAll(Map<? extends K, ? extends V> entries, UpdateFlag flag) {
        if (raw.batchSupported(BatchOp.UPDATE)) {
            Buffers b = buffers.get();
            int done = 0;
            try {
                int n = 0;
                for (Map.Entry<? extends K, ? extends V> e : entries.entrySet()) {
                    map.keyCodec.encode(e.getKey(), b.keys, (long) n * raw.keySize());
                    map.valueCodec.encode(e.getValue(), b.values, (long) n * raw.valueBufferSize());
                    if (++n == b.chunk) {
                        done += raw.updateBatch(b.keys, b.values, n, flag);
                        n = 0;
                    }
                }
                if (n > 0) {
                    done += raw.updateBatch(b.keys, b.values, n, flag);
                }
                return done;
            } catch (BpfException e) {
                if (!RawMap.isUnsupported(e) || done > 0) {
                    throw e;
                }
                LOG.debug("{}: batch update unsupported ({}); writing element by element", raw, e.getMessage());
            }
        }
        int done = 0;
        for (Map.Entry<? extends K, ? extends V> e : entries.entrySet()) {
            if (!map.put(e.getKey(), e.getValue(), flag)) {
                int errno = flag == UpdateFlag.NO_EXIST ? Errno.EEXIST.number() : Errno.ENOENT.number();
                throw Check.error(OpKind.MAP, "bpf_map_update_elem(" + raw + ") after " + done + " elements", errno);
            }
            done++;
        }
        return done;
    }

    int deleteAll(Collection<? extends K> keys) {
        if (raw.batchSupported(BatchOp.DELETE)) {
            Buffers b = buffers.get();
            int deleted = 0;
            try {
                int n = 0;
                for (K k : keys) {
                    map.keyCodec.encode(k, b.keys, (long) n * raw.keySize());
                    if (++n == b.chunk) {
                        deleted += deleteChunk(b, n);
                        n = 0;
                    }
                }
                if (n > 0) {
                    deleted += deleteChunk(b, n);
                }
                return deleted;
            } catch (BpfException e) {
                if (!RawMap.isUnsupported(e) || deleted > 0) {
                    throw e;
                }
                LOG.debug("{}: batch delete unsupported ({}); deleting element by element", raw, e.getMessage());
            }
        }
        int deleted = 0;
        for (K k : keys) {
            if (map.delete(k)) {
                deleted++;
            }
        }
        return deleted;
    }

    /** Deletes {@code n} packed keys, stepping over absent ones (where the kernel stops). */
    private int deleteChunk(Buffers b, int n) {
        int deleted = 0;
        int from = 0;
        long ks = raw.keySize();
        while (from < n) {
            MemorySegment slice = b.keys.asSlice(from * ks, (n - from) * ks);
            BatchResult res = raw.deleteBatch(slice, n - from);
            int d = res.count();
            deleted += d;
            from += d;
            if (res.stoppedAtAbsentKey()) {
                from++; // skip the absent key
            } else if (d == 0) {
                break;
            }
        }
        return deleted;
    }

    private void decodeInto(Map<K, V> out, Buffers b, int n) {
        for (int i = 0; i < n; i++) {
            out.put(map.keyCodec.decode(b.keys, (long) i * raw.keySize()),
                    map.valueCodec.decode(b.values, (long) i * raw.valueBufferSize()));
        }
    }
}
