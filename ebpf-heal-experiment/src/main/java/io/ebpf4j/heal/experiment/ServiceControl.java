package io.ebpf4j.heal.experiment;

/** Kills and restarts the service of a node (the fault injector's hook into the services). */
public interface ServiceControl {
    /** Closes node {@code node}'s listening sockets: new requests to it are refused. Idempotent. */
    void kill(int node);

    /** Opens them again. Idempotent. */
    void restart(int node);
}
