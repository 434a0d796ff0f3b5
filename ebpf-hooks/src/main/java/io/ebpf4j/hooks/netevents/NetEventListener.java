package io.ebpf4j.hooks.netevents;

/** Receives {@link NetEvent}s on the {@link NetEvents}' reader thread; must not block for long. */
@FunctionalInterface
public interface NetEventListener {
    void onEvent(NetEvent event);
}
