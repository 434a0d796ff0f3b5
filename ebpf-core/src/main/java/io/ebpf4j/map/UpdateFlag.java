package io.ebpf4j.map;

/** How an update treats an existing element (BPF_ANY, BPF_NOEXIST, BPF_EXIST). */
public enum UpdateFlag {
    /** Create or replace. */
    ANY(0),
    /** Create only: fails (returns false) when the key exists. */
    NO_EXIST(1),
    /** Replace only: fails (returns false) when the key is absent. For queues and stacks: overwrite the oldest element when full. */
    EXIST(2);

    private final long value;

    UpdateFlag(long value) {
        this.value = value;
    }

    /** The kernel's value. */
    public long value() {
        return value;
    }
}
