package io.ebpf4j.hooks.netevents;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Decodes net_events.bpf.c's {@code struct ne_event} (72 bytes) and peer keys. */
final class NetEventDecoder {
    static final int EVENT_SIZE = 72;
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int NETNS_OFFSET = 68;

    private final KernelEnumNames dropReasons;
    private final KernelEnumNames resetReasons;

    NetEventDecoder(KernelEnumNames dropReasons, KernelEnumNames resetReasons) {
        this.dropReasons = dropReasons;
        this.resetReasons = resetReasons;
    }

    /** The event at {@code off}, or null for a short or unknown record. */
    NetEvent decode(MemorySegment b, long off, long len, long receivedNanos) {
        if (len < EVENT_SIZE) {
            return null;
        }
        long ts = b.get(ValueLayout.JAVA_LONG_UNALIGNED, off);
        int kind = b.get(ValueLayout.JAVA_INT_UNALIGNED, off + 8);
        int reason = b.get(ValueLayout.JAVA_INT_UNALIGNED, off + 12);
        int family = u16(b, off + 16);
        int protocol = u16(b, off + 18);
        int oldState = b.get(ValueLayout.JAVA_INT_UNALIGNED, off + 24);
        int newState = b.get(ValueLayout.JAVA_INT_UNALIGNED, off + 28);
        long netns = netnsInode(b, off);
        if (kind == NetEventKind.DROP.ordinal()) {
            return new NetEvent.Drop(ts, receivedNanos, dropReason(reason), protocol, netns);
        }
        Endpoint local = new Endpoint(address(b, off + 32, family), u16(b, off + 20));
        Endpoint remote = new Endpoint(address(b, off + 48, family), u16(b, off + 22));
        if (kind == NetEventKind.RETRANSMIT.ordinal()) {
            return new NetEvent.Retransmit(ts, receivedNanos, local, remote, TcpState.of(newState), netns);
        }
        if (kind == NetEventKind.RESET_SENT.ordinal() || kind == NetEventKind.RESET_RECEIVED.ordinal()) {
            boolean sent = kind == NetEventKind.RESET_SENT.ordinal();
            String name = sent ? resetReasons.name(reason) : "";
            return new NetEvent.Reset(ts, receivedNanos, sent, local, remote, TcpState.of(newState), reason, name, netns);
        }
        if (kind == NetEventKind.STATE_CHANGE.ordinal()) {
            return new NetEvent.StateChange(ts, receivedNanos, local, remote, TcpState.of(oldState),
                    TcpState.of(newState), protocol, netns);
        }
        return null;
    }

    /** The record's network namespace inode ({@code netns_ino}, unsigned 32 bits at 68), 0 if unknown. */
    static long netnsInode(MemorySegment b, long off) {
        return Integer.toUnsignedLong(b.get(ValueLayout.JAVA_INT_UNALIGNED, off + NETNS_OFFSET));
    }

    DropReason dropReason(int code) {
        return new DropReason(code, dropReasons.name(code));
    }

    /** The peer key {@code struct ne_peer} (20 bytes) as an endpoint. */
    static Endpoint peer(MemorySegment key) {
        return new Endpoint(address(key, 0, u16(key, 16)), u16(key, 18));
    }

    static int u16(MemorySegment b, long off) {
        return Short.toUnsignedInt(b.get(ValueLayout.JAVA_SHORT_UNALIGNED, off));
    }

    /** 16 address bytes at {@code off}: IPv6 for AF_INET6, otherwise IPv4 in the first 4. */
    static InetAddress address(MemorySegment b, long off, int family) {
        byte[] a = new byte[family == AF_INET6 ? 16 : 4];
        MemorySegment.copy(b, ValueLayout.JAVA_BYTE, off, a, 0, a.length);
        try {
            return InetAddress.getByAddress(a);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen: 4 or 16 bytes
        }
    }
}
