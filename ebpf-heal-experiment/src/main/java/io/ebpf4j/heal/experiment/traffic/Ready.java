package io.ebpf4j.heal.experiment.traffic;

import java.nio.channels.SelectionKey;

/** The attachment of a selection key: what to do when the key is ready. */
interface Ready {
    void onReady(SelectionKey key);
}
