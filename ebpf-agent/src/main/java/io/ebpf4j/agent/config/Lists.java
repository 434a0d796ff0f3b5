package io.ebpf4j.agent.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** List components of the config records: absent is empty; unmodifiable. */
final class Lists {
    private Lists() {}

    /**
     * An unmodifiable copy of {@code list}, empty for null. Elements stay where they are, nulls included:
     * a null is a value the reading refused (and reported), and keeping it keeps the indices of the
     * elements after it equal to their place in the file.
     */
    static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }
}
