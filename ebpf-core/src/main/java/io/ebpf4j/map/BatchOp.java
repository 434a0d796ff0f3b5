package io.ebpf4j.map;

/**
 * The batch operations of a {@link RawMap} (kernel 5.6+ for hash and array maps), each of which the
 * kernel may lack for a given map: {@link RawMap#batchSupported(BatchOp)} tells which are known to work.
 */
public enum BatchOp {
    /** {@code bpf_map_lookup_batch}: {@link RawMap#lookupBatch}. */
    LOOKUP("bpf_map_lookup_batch"),
    /** {@code bpf_map_lookup_and_delete_batch}: {@link RawMap#lookupAndDeleteBatch}. */
    LOOKUP_AND_DELETE("bpf_map_lookup_and_delete_batch"),
    /** {@code bpf_map_update_batch}: {@link RawMap#updateBatch}. */
    UPDATE("bpf_map_update_batch"),
    /** {@code bpf_map_delete_batch}: {@link RawMap#deleteBatch}. */
    DELETE("bpf_map_delete_batch");

    private final String call;

    BatchOp(String call) {
        this.call = call;
    }

    /** The libbpf call that performs it, as error messages name it. */
    public String call() {
        return call;
    }

    /** This operation's bit in a set of operations. */
    int bit() {
        return 1 << ordinal();
    }
}
