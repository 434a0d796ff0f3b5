package io.ebpf4j.map;

import io.ebpf4j.kernel.BpfException;

/** An update failed because the map has max_entries elements (E2BIG or ENOSPC from the kernel). */
public final class MapFullException extends BpfException {
    private static final long serialVersionUID = 1L;

    MapFullException(String operation, int errno, int maxEntries) {
        super(operation, errno, "the map is full (max_entries " + maxEntries + ")",
                "delete elements first, create the map with a larger max_entries, or use an LRU hash map");
    }
}
