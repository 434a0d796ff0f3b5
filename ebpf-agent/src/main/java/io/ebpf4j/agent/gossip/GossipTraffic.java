package io.ebpf4j.agent.gossip;

/**
 * What a member sent and received over the membership transport since it started, counted at the
 * transport: each message's encoded bytes plus its 4-byte length prefix (TCP/IP headers not included).
 *
 * @param messagesSent       messages sent (probes, acks, table exchanges, gossip)
 * @param bytesSent          their bytes
 * @param gossipMessagesSent of these, gossip rounds (the view's records and membership changes)
 * @param gossipBytesSent    their bytes
 * @param messagesReceived   messages received
 * @param bytesReceived      their bytes
 * @param unauthenticated    of the messages received, those dropped without a valid HMAC (gossip.auth)
 */
public record GossipTraffic(long messagesSent, long bytesSent, long gossipMessagesSent, long gossipBytesSent,
        long messagesReceived, long bytesReceived, long unauthenticated) {
    /** Traffic of a transport that does not authenticate. */
    public GossipTraffic(long messagesSent, long bytesSent, long gossipMessagesSent, long gossipBytesSent,
            long messagesReceived, long bytesReceived) {
        this(messagesSent, bytesSent, gossipMessagesSent, gossipBytesSent, messagesReceived, bytesReceived, 0);
    }
}
