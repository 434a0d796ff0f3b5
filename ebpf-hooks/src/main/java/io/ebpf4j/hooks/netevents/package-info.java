/**
 * Network events: {@link io.ebpf4j.hooks.netevents.NetEvents} counts TCP retransmits, resets and
 * state changes per remote endpoint and packet drops per kernel drop reason, and delivers typed
 * {@link io.ebpf4j.hooks.netevents.NetEvent}s, each tracepoint degrading on its own. See
 * docs/hooks/NET_EVENTS.md.
 */
package io.ebpf4j.hooks.netevents;
