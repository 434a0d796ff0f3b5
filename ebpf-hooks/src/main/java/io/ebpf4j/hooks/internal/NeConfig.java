package io.ebpf4j.hooks.internal;

/**
 * {@code struct ne_config} of net_events.bpf.c (8 bytes). Not part of the public API.
 *
 * @param eventMask bit {@code 1 << kind}: which kinds become ring buffer events
 * @param flags     bit 0: every state change is an event; bit 1: drops with reason NOT_SPECIFIED too
 */
public record NeConfig(int eventMask, int flags) {}
