package io.ebpf4j.hooks.testutil;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * An AF_PACKET socket on one interface, for tests playing an on-link attacker: it sees the frames
 * the interface sends and receives (as the stack hands them to taps: after tc egress, before nothing
 * on ingress that XDP dropped) and sends raw frames. Create it in the namespace of the interface
 * ({@code NetNs.run}); reading and closing may happen on any thread. Needs CAP_NET_RAW and
 * CAP_NET_ADMIN (a receive buffer of 8 MiB).
 */
public final class PacketSocket implements AutoCloseable {
    /** sll_pkttype of a frame this host sent. */
    public static final int PACKET_OUTGOING = 4;
    private static final int AF_PACKET = 17;
    private static final int SOCK_RAW = 3;
    private static final short ETH_P_ALL_BE = (short) 0x0300; // htons(0x0003)
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    private static final int SO_RCVBUFFORCE = 33;
    private static final int SLL_SIZE = 20;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final long ERRNO_OFFSET = Linker.Option.captureStateLayout()
            .byteOffset(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SOCKET = handle("socket", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle BIND = handle("bind", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle SETSOCKOPT = handle("setsockopt", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle RECVFROM = handle("recvfrom", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
            ValueLayout.ADDRESS));
    private static final MethodHandle SEND = handle("send", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle IF_NAMETOINDEX = handle("if_nametoindex", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS));
    private static final MethodHandle CLOSE = handle("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    /** A frame as the socket saw it. */
    public record Frame(int pktType, byte[] bytes) {}

    private final Arena arena = Arena.ofShared();
    private final MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
    private final MemorySegment buf = arena.allocate(65536, 8);
    private final MemorySegment sll = arena.allocate(SLL_SIZE, 4);
    private final MemorySegment len = arena.allocate(4, 4);
    private final int fd;
    private boolean closed;

    private static MethodHandle handle(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), fd, ERRNO);
    }

    private PacketSocket(String ifname) {
        try {
            int ifindex = (int) IF_NAMETOINDEX.invokeExact(state, arena.allocateFrom(ifname));
            if (ifindex == 0) {
                throw new IllegalStateException("if_nametoindex(" + ifname + "): errno " + errno());
            }
            fd = (int) SOCKET.invokeExact(state, AF_PACKET, SOCK_RAW, (int) ETH_P_ALL_BE & 0xffff);
            if (fd < 0) {
                throw new IllegalStateException("socket(AF_PACKET): errno " + errno());
            }
            MemorySegment a = arena.allocate(SLL_SIZE, 4);
            a.set(ValueLayout.JAVA_SHORT, 0, (short) AF_PACKET);
            a.set(ValueLayout.JAVA_SHORT, 2, ETH_P_ALL_BE);
            a.set(ValueLayout.JAVA_INT, 4, ifindex);
            if ((int) BIND.invokeExact(state, fd, a, SLL_SIZE) < 0) {
                int e = errno();
                int ignored = (int) CLOSE.invokeExact(state, fd);
                throw new IllegalStateException("bind(AF_PACKET, " + ifname + "): errno " + e);
            }
            MemorySegment tv = arena.allocate(16, 8);
            tv.set(ValueLayout.JAVA_LONG, 0, 0);
            tv.set(ValueLayout.JAVA_LONG, 8, 200_000); // 200 ms
            if ((int) SETSOCKOPT.invokeExact(state, fd, SOL_SOCKET, SO_RCVTIMEO, tv, 16) < 0) {
                throw new IllegalStateException("setsockopt(SO_RCVTIMEO): errno " + errno());
            }
            MemorySegment size = arena.allocate(4, 4);
            size.set(ValueLayout.JAVA_INT, 0, 8 << 20); // 8 MiB: a test's bursts queue while the reader runs
            if ((int) SETSOCKOPT.invokeExact(state, fd, SOL_SOCKET, SO_RCVBUFFORCE, size, 4) < 0) {
                throw new IllegalStateException("setsockopt(SO_RCVBUFFORCE): errno " + errno());
            }
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        } catch (Throwable t) {
            arena.close();
            throw new IllegalStateException(t);
        }
    }

    /** A packet socket on {@code ifname} of the calling thread's network namespace. */
    public static PacketSocket open(String ifname) {
        return new PacketSocket(ifname);
    }

    /** The next frame, or empty after 200 ms without one. */
    public synchronized Optional<Frame> receive() {
        try {
            len.set(ValueLayout.JAVA_INT, 0, SLL_SIZE);
            long n = (long) RECVFROM.invokeExact(state, fd, buf, buf.byteSize(), 0, sll, len);
            if (n < 0) {
                int e = errno();
                if (e == 11 || e == 4) { // EAGAIN (timeout), EINTR
                    return Optional.empty();
                }
                throw new IllegalStateException("recvfrom(AF_PACKET): errno " + e);
            }
            return Optional.of(new Frame(sll.get(ValueLayout.JAVA_BYTE, 10) & 0xff,
                    buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE)));
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Sends {@code frame} (a whole Ethernet frame) out of the interface. */
    public synchronized void send(byte[] frame) {
        try {
            MemorySegment.copy(frame, 0, buf, ValueLayout.JAVA_BYTE, 0, frame.length);
            long n = (long) SEND.invokeExact(state, fd, buf, (long) frame.length, 0);
            if (n != frame.length) {
                throw new IllegalStateException("send(AF_PACKET): " + n + ", errno " + errno());
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private int errno() {
        return state.get(ValueLayout.JAVA_INT, ERRNO_OFFSET);
    }

    /** Big-endian u16 at {@code off}. */
    public static int u16(byte[] b, int off) {
        return java.nio.ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN).getShort(off) & 0xffff;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            int ignored = (int) CLOSE.invokeExact(state, fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        } finally {
            arena.close();
        }
    }
}
