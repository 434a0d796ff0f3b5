package io.ebpf4j.agent.config;

import java.nio.file.Path;

/**
 * {@code gossip.auth:}: authenticate every membership and gossip message with an HMAC-SHA256 under
 * the mesh's gossip key ({@code GossipKeys}, {@code GossipView.Builder.auth}).
 *
 * <pre>{@code
 * gossip:
 *   auth:
 *     keyFile: /etc/ebpf4j/gossip.keys   # required: a line of 64 hex digits (openssl rand -hex 32);
 *                                        # a second line: one more accepted key (rotation); mode 0600
 * }</pre>
 *
 * Every agent of the mesh holds the same file; the key is read when the gossip view starts (a change
 * needs a restart).
 *
 * @param keyFile the key file (absolute path)
 */
public record GossipAuthConfig(Path keyFile) {}
