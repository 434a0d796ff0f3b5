package io.ebpf4j.bench;

import io.ebpf4j.BpfObject;
import io.ebpf4j.link.Link;
import io.ebpf4j.link.Tracepoint;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost a tracepoint program adds to the syscall it watches: UDP connect() and sendto() on loopback
 * (libc called directly through FFM, one syscall per operation), with no program attached and with the
 * bench_trace counters attached to syscalls:sys_enter_connect and syscalls:sys_enter_sendto. The
 * ratio of the two scores is the per-call overhead.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SyscallBench {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle SOCKET = libc("socket",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle BIND = libc("bind",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle CONNECT = libc("connect",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle GETSOCKNAME = libc("getsockname",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    private static final MethodHandle SENDTO = libc("sendto", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
            ValueLayout.JAVA_INT));
    private static final MethodHandle RECVFROM = libc("recvfrom", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
            ValueLayout.ADDRESS));
    private static final MethodHandle CLOSE = libc("close",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final int AF_INET = 2, SOCK_DGRAM = 2, SOCKADDR_IN = 16, MSG_DONTWAIT = 0x40;
    /** Datagrams per batch of {@link #sendBatch}/{@link #recvBatch}: far below what the receive buffer holds. */
    static final int BATCH = 32;

    /** "none": nothing attached; "tracepoint": the counting programs attached to both tracepoints. */
    @Param({"none", "tracepoint"})
    public String probe;

    private Arena arena;
    private int receiver;
    private int sender;
    private MemorySegment target;
    private MemorySegment payload;
    BpfObject obj;
    final List<Link> links = new ArrayList<>();

    private static MethodHandle libc(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), fd);
    }

    @Setup(Level.Trial)
    public void setup() throws Throwable {
        arena = Arena.ofConfined();
        receiver = (int) SOCKET.invokeExact(AF_INET, SOCK_DGRAM, 0);
        sender = (int) SOCKET.invokeExact(AF_INET, SOCK_DGRAM, 0);
        if (receiver < 0 || sender < 0) {
            throw new IllegalStateException("socket() failed");
        }
        target = arena.allocate(SOCKADDR_IN, 4);
        target.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET);
        target.set(ValueLayout.JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN), 4, 0x7f000001);
        if ((int) BIND.invokeExact(receiver, target, SOCKADDR_IN) != 0) {
            throw new IllegalStateException("bind(127.0.0.1:0) failed");
        }
        MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
        len.set(ValueLayout.JAVA_INT, 0, SOCKADDR_IN);
        if ((int) GETSOCKNAME.invokeExact(receiver, target, len) != 0) {
            throw new IllegalStateException("getsockname failed");
        }
        payload = arena.allocate(16);
        if (probe.equals("tracepoint")) {
            attach();
        }
    }

    /** Attaches the counting programs to both tracepoints (loading bench_trace.bpf.o once). */
    void attach() {
        if (obj == null) {
            obj = BenchObjects.load(BenchObjects.TRACE);
        }
        links.add(Tracepoint.attach(obj.program("tp_connect"), "syscalls", "sys_enter_connect"));
        links.add(Tracepoint.attach(obj.program("tp_sendto"), "syscalls", "sys_enter_sendto"));
    }

    /** Detaches them. */
    void detach() {
        for (Link l : links) {
            l.close();
        }
        links.clear();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Throwable {
        detach();
        if (obj != null) {
            obj.close();
        }
        int r1 = (int) CLOSE.invokeExact(receiver);
        int r2 = (int) CLOSE.invokeExact(sender);
        arena.close();
    }

    /** connect() of a UDP socket to a loopback address (sets the default destination; no packet). */
    @Benchmark
    public int connect() throws Throwable {
        int r = (int) CONNECT.invokeExact(sender, target, SOCKADDR_IN);
        if (r != 0) {
            throw new IllegalStateException("connect failed");
        }
        return r;
    }

    /**
     * {@link #BATCH} sendto() calls of 16 bytes to the loopback receiver, timed, then as many recvfrom()
     * calls, not timed, that empty its buffer again (no datagram is dropped). Returns the ns of the sends.
     */
    long sendBatch() throws Throwable {
        long t0 = System.nanoTime();
        for (int i = 0; i < BATCH; i++) {
            send();
        }
        long ns = System.nanoTime() - t0;
        for (int i = 0; i < BATCH; i++) {
            receive();
        }
        return ns;
    }

    /** {@link #BATCH} sendto() calls, not timed, then as many recvfrom() calls, timed. Returns the ns of the receives. */
    long recvBatch() throws Throwable {
        for (int i = 0; i < BATCH; i++) {
            send();
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < BATCH; i++) {
            receive();
        }
        return System.nanoTime() - t0;
    }

    private void send() throws Throwable {
        if ((long) SENDTO.invokeExact(sender, payload, 16L, 0, target, SOCKADDR_IN) != 16) {
            throw new IllegalStateException("sendto failed");
        }
    }

    private void receive() throws Throwable {
        if ((long) RECVFROM.invokeExact(receiver, payload, 16L, MSG_DONTWAIT, MemorySegment.NULL, MemorySegment.NULL) != 16) {
            throw new IllegalStateException("recvfrom found no datagram");
        }
    }

    /** sendto() of 16 bytes to a loopback UDP socket nobody reads (drops once its buffer is full). */
    @Benchmark
    public long sendto() throws Throwable {
        return (long) SENDTO.invokeExact(sender, payload, 16L, 0, target, SOCKADDR_IN);
    }
}
