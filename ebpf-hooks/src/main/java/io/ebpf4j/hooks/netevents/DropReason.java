package io.ebpf4j.hooks.netevents;

/**
 * A packet drop reason: the kernel's {@code enum skb_drop_reason} value and its name without the
 * {@code SKB_DROP_REASON_} prefix (e.g. 3, "NO_SOCKET"), read from the kernel's BTF.
 */
public record DropReason(int code, String name) {
    @Override
    public String toString() {
        return name + "(" + code + ")";
    }
}
