package io.ebpf4j.hooks.testutil;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteOrder;

/**
 * Direct socket syscalls for tests (the JDK's own socket code polls before recvfrom and connects
 * non-blockingly, so it does not make the calls a test wants to time). IPv4 UDP/TCP on 127.0.0.1.
 */
public final class RawSockets implements AutoCloseable {
    public static final int AF_INET = 2;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final long ERRNO_OFFSET = Linker.Option.captureStateLayout()
            .byteOffset(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SOCKET = handle("socket", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle BIND = handle("bind", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle CONNECT = handle("connect", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle GETSOCKNAME = handle("getsockname", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    private static final MethodHandle SETSOCKOPT = handle("setsockopt", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle SENDTO = handle("sendto", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
            ValueLayout.JAVA_INT));
    private static final MethodHandle RECVFROM = handle("recvfrom", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
            ValueLayout.ADDRESS));
    private static final MethodHandle SENDMSG = handle("sendmsg", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle RECVMSG = handle("recvmsg", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = handle("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
    private final MemorySegment addr = arena.allocate(16, 4);
    private final MemorySegment lenBuf = arena.allocate(4, 4);
    private final MemorySegment buf = arena.allocate(2048, 8);
    /** struct msghdr (56 bytes) and one struct iovec (16 bytes) over {@link #buf}. */
    private final MemorySegment msg = arena.allocate(56, 8);
    private final MemorySegment iov = arena.allocate(16, 8);
    private final int fd;
    private int lastErrno;

    private static MethodHandle handle(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), fd, ERRNO);
    }

    private RawSockets(int type) {
        try {
            fd = (int) SOCKET.invokeExact(state, AF_INET, type, 0);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        if (fd < 0) {
            throw new IllegalStateException("socket: errno " + errno());
        }
    }

    /** A UDP socket bound to 127.0.0.1 on an ephemeral port. */
    public static RawSockets udpBound() {
        RawSockets s = new RawSockets(SOCK_DGRAM);
        s.bind(0);
        return s;
    }

    /** A TCP socket, not connected. */
    public static RawSockets tcp() {
        return new RawSockets(SOCK_STREAM);
    }

    private int errno() {
        lastErrno = state.get(ValueLayout.JAVA_INT, ERRNO_OFFSET);
        return lastErrno;
    }

    /** The errno of the last failed call. */
    public int lastErrno() {
        return lastErrno;
    }

    private void loopback(int port) {
        addr.fill((byte) 0);
        addr.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET);
        addr.set(ValueLayout.JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), 2, (short) port);
        addr.set(ValueLayout.JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN), 4, 0x7f000001);
    }

    private void bind(int port) {
        loopback(port);
        try {
            if ((int) BIND.invokeExact(state, fd, addr, 16) != 0) {
                throw new IllegalStateException("bind: errno " + errno());
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The bound port. */
    public int port() {
        try {
            lenBuf.set(ValueLayout.JAVA_INT, 0, 16);
            if ((int) GETSOCKNAME.invokeExact(state, fd, addr, lenBuf) != 0) {
                throw new IllegalStateException("getsockname: errno " + errno());
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        return Short.toUnsignedInt(addr.get(ValueLayout.JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), 2));
    }

    /** SO_RCVTIMEO in milliseconds. */
    public void receiveTimeoutMillis(int millis) {
        MemorySegment tv = arena.allocate(16, 8);
        tv.set(ValueLayout.JAVA_LONG, 0, millis / 1000);
        tv.set(ValueLayout.JAVA_LONG, 8, (millis % 1000) * 1000L);
        try {
            if ((int) SETSOCKOPT.invokeExact(state, fd, SOL_SOCKET, SO_RCVTIMEO, tv, 16) != 0) {
                throw new IllegalStateException("setsockopt: errno " + errno());
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** connect() to 127.0.0.1:port; returns 0 or -errno. */
    public int connect(int port) {
        loopback(port);
        try {
            int r = (int) CONNECT.invokeExact(state, fd, addr, 16);
            return r == 0 ? 0 : -errno();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** sendto() {@code len} bytes to 127.0.0.1:port; returns bytes sent or -errno. */
    public long sendTo(int port, int len) {
        loopback(port);
        try {
            long r = (long) SENDTO.invokeExact(state, fd, buf, (long) len, 0, addr, 16);
            return r >= 0 ? r : -errno();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** recvfrom(); returns bytes received or -errno (-EAGAIN after SO_RCVTIMEO). */
    public long recvFrom() {
        try {
            lenBuf.set(ValueLayout.JAVA_INT, 0, 16);
            long r = (long) RECVFROM.invokeExact(state, fd, buf, buf.byteSize(), 0, addr, lenBuf);
            return r >= 0 ? r : -errno();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** sendmsg() of {@code len} bytes to 127.0.0.1:port in one iovec; returns bytes sent or -errno. */
    public long sendMsg(int port, int len) {
        loopback(port);
        return msg(SENDMSG, len, true);
    }

    /** recvmsg() into one iovec; returns bytes received or -errno (-EAGAIN after SO_RCVTIMEO). */
    public long recvMsg() {
        return msg(RECVMSG, (int) buf.byteSize(), false);
    }

    private long msg(MethodHandle call, int len, boolean withName) {
        iov.set(ValueLayout.ADDRESS, 0, buf);
        iov.set(ValueLayout.JAVA_LONG, 8, len);
        msg.fill((byte) 0);
        msg.set(ValueLayout.ADDRESS, 0, withName ? addr : MemorySegment.NULL);
        msg.set(ValueLayout.JAVA_INT, 8, withName ? 16 : 0);
        msg.set(ValueLayout.ADDRESS, 16, iov);
        msg.set(ValueLayout.JAVA_LONG, 24, 1);
        try {
            long r = (long) call.invokeExact(state, fd, msg, 0);
            return r >= 0 ? r : -errno();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            try {
                int r = (int) CLOSE.invokeExact(state, fd);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            } finally {
                arena.close();
            }
        }
    }
}
