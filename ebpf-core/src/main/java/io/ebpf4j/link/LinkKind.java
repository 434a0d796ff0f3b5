package io.ebpf4j.link;

/** What a {@link Link} attaches to. */
public enum LinkKind {
    XDP, TC, TRACEPOINT, RAW_TRACEPOINT, KPROBE, KRETPROBE, UPROBE, URETPROBE, TRACING, LSM, PINNED
}
