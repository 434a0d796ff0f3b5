package io.ebpf4j.hooks.syscall;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.BpfObject;
import io.ebpf4j.ObjectSpec;
import io.ebpf4j.ProgramSpec;
import io.ebpf4j.hooks.internal.Cgroups;
import io.ebpf4j.hooks.internal.HookRuntime;
import io.ebpf4j.hooks.internal.PerCpuSums;
import io.ebpf4j.hooks.internal.SlConfig;
import io.ebpf4j.hooks.internal.TracingPrivileges;
import io.ebpf4j.link.Kprobe;
import io.ebpf4j.link.RawTracepoint;
import io.ebpf4j.link.Tracepoint;
import io.ebpf4j.prebuilt.Prebuilt;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Latency of the socket syscalls connect, sendto, recvfrom, sendmsg and recvmsg: a log2 histogram per
 * syscall and an event for every call slower than a threshold.
 *
 * <pre>{@code
 * try (SyscallLatency sl = SyscallLatency.builder()
 *         .tgid(ProcessHandle.current().pid())
 *         .slowThreshold(Duration.ofMillis(20))
 *         .listener(call -> log.info("slow {}", call))
 *         .build()) {
 *     ...
 *     LatencyHistogram h = sl.histogram(Syscall.RECVFROM);
 * }
 * }</pre>
 *
 * <p>The attach path ({@link AttachPath}) comes from the capability report: kprobes on
 * {@code __sys_<name>} where the kernel has them (x86_64: the bundled object is built for it), else the raw
 * tracepoints {@code sys_enter}/{@code sys_exit} (x86_64, arm64: no tracefs needed, so CAP_BPF and CAP_PERFMON
 * suffice), else the syscall tracepoints; {@link #state()} says which and why. Thresholds and filters change at run time through a
 * BPF map. Listeners run on one daemon thread that reads the ring buffer.
 *
 * <p>Thread-safe. {@link #close()} detaches everything and stops the thread; it is idempotent.
 */
public final class SyscallLatency implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyscallLatency.class);

    /** The prebuilt object's name. */
    public static final String OBJECT = "syscall_latency";
    private static final String RAW_ENTER = "raw_sys_enter";
    private static final String RAW_EXIT = "raw_sys_exit";

    private final HookRuntime<SlConfig, SlowCallListener> runtime;
    private final SyscallLatencyState state;
    private final PerCpuSums hist;
    private final PerCpuSums lost;

    private SyscallLatency(Builder b, SyscallLatencyState state) {
        this.state = state;
        ObjectSpec spec = ObjectSpec.open(Prebuilt.bundled().bytes(OBJECT), OBJECT);
        for (ProgramSpec p : spec.programs()) {
            p.setAutoload(false);
        }
        for (String prog : programs(state)) {
            spec.program(prog).setAutoload(true);
        }
        this.runtime = new HookRuntime<>("syscall-latency", spec.load());
        try {
            b.listeners.forEach(runtime::addListener);
            runtime.config("sl_config", SlConfig.class, new SlConfig(b.slowNanos, b.cgroupId, b.tgid,
                    syscallMask(state.syscalls())));
            this.hist = runtime.sums("sl_hist", LatencyHistogram.BUCKETS + 2);
            this.lost = runtime.sums("sl_lost", 1);
            attach();
            runtime.startReader("sl_events", this::deliver);
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    /** A builder: every syscall, no filter, no slow-call events, attach path from the kernel. */
    public static Builder builder() {
        return new Builder();
    }

    /** The programs of {@code state}'s path for its syscalls. */
    private static List<String> programs(SyscallLatencyState state) {
        if (state.path() == AttachPath.RAW_TRACEPOINT) {
            return List.of(RAW_ENTER, RAW_EXIT);
        }
        List<String> out = new ArrayList<>();
        for (Syscall s : state.syscalls()) {
            String n = s.syscallName();
            out.addAll(state.path() == AttachPath.TRACEPOINT ? List.of("tp_enter_" + n, "tp_exit_" + n)
                    : List.of("kp_" + n, "krp_" + n));
        }
        return out;
    }

    /** Bit (1 << syscall id) of each syscall: the raw tracepoint programs see every syscall and keep these. */
    static int syscallMask(Set<Syscall> syscalls) {
        int m = 0;
        for (Syscall s : syscalls) {
            m |= 1 << s.id();
        }
        return m;
    }

    /** Exits first, so that no entry is stored without its exit hooked. */
    private void attach() {
        BpfObject object = runtime.object();
        if (state.path() == AttachPath.RAW_TRACEPOINT) {
            runtime.own(RawTracepoint.attach(object.program(RAW_EXIT), "sys_exit"));
            runtime.own(RawTracepoint.attach(object.program(RAW_ENTER), "sys_enter"));
            return;
        }
        for (Syscall s : state.syscalls()) {
            String n = s.syscallName();
            if (state.path() == AttachPath.TRACEPOINT) {
                runtime.own(Tracepoint.attach(object.program("tp_exit_" + n), "syscalls", "sys_exit_" + n));
                runtime.own(Tracepoint.attach(object.program("tp_enter_" + n), "syscalls", "sys_enter_" + n));
            } else {
                runtime.own(Kprobe.attachReturn(object.program("krp_" + n), "__sys_" + n));
                runtime.own(Kprobe.attach(object.program("kp_" + n), "__sys_" + n));
            }
        }
    }

    private void deliver(MemorySegment buf, long off, long len) {
        long received = System.nanoTime();
        List<SlowCallListener> listeners = runtime.listeners();
        if (len < 56 || listeners.isEmpty()) {
            return;
        }
        byte[] comm = new byte[16];
        MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, off + 40, comm, 0, 16);
        int end = 0;
        while (end < comm.length && comm[end] != 0) {
            end++;
        }
        SlowCall call = new SlowCall(buf.get(ValueLayout.JAVA_LONG_UNALIGNED, off),
                buf.get(ValueLayout.JAVA_LONG_UNALIGNED, off + 8), buf.get(ValueLayout.JAVA_LONG_UNALIGNED, off + 16),
                Syscall.ofId(buf.get(ValueLayout.JAVA_INT_UNALIGNED, off + 24)),
                buf.get(ValueLayout.JAVA_INT_UNALIGNED, off + 28), buf.get(ValueLayout.JAVA_INT_UNALIGNED, off + 32),
                new String(comm, 0, end, StandardCharsets.UTF_8), received);
        for (SlowCallListener l : listeners) {
            l.onSlowCall(call);
        }
    }

    /** The attach path, why it was chosen, and the syscalls measured. */
    public SyscallLatencyState state() {
        return state;
    }

    /** The attach path in use. */
    public AttachPath attachPath() {
        return state.path();
    }

    /** The histogram of {@code syscall} so far (all zero for a syscall not measured). */
    public LatencyHistogram histogram(Syscall syscall) {
        Objects.requireNonNull(syscall, "syscall");
        long[] v = hist.sum(syscall.id());
        return new LatencyHistogram(syscall, Arrays.copyOf(v, LatencyHistogram.BUCKETS), v[LatencyHistogram.BUCKETS],
                v[LatencyHistogram.BUCKETS + 1]);
    }

    /** The histograms of the measured syscalls. */
    public Map<Syscall, LatencyHistogram> histograms() {
        Map<Syscall, LatencyHistogram> out = new EnumMap<>(Syscall.class);
        state.syscalls().forEach(s -> out.put(s, histogram(s)));
        return out;
    }

    /** Slow-call events the ring buffer had no room for. */
    public long lostEvents() {
        return lost.sum(0)[0];
    }

    /** Calls taking at least {@code threshold} become events from now on; null or zero turns events off. */
    public void setSlowThreshold(Duration threshold) {
        long ns = nanos(threshold);
        runtime.updateConfig(c -> new SlConfig(ns, c.cgroupId(), c.tgid(), c.syscalls()));
    }

    /** Measures only process {@code tgid} from now on (0: every process). */
    public void setTgidFilter(long tgid) {
        int t = checkTgid(tgid);
        runtime.updateConfig(c -> new SlConfig(c.slowNs(), c.cgroupId(), t, c.syscalls()));
    }

    /** Measures only tasks in the cgroup v2 with id {@code cgroupId} from now on (0: any cgroup). */
    public void setCgroupFilter(long cgroupId) {
        runtime.updateConfig(c -> new SlConfig(c.slowNs(), cgroupId, c.tgid(), c.syscalls()));
    }

    /** Adds a slow-call listener (called on the reader thread). */
    public void addListener(SlowCallListener listener) {
        runtime.addListener(listener);
    }

    /** Removes a listener added before. */
    public void removeListener(SlowCallListener listener) {
        runtime.removeListener(listener);
    }

    /** The cgroup v2 id of directory {@code cgroupDir} (e.g. /sys/fs/cgroup/system.slice/x.service). */
    public static long cgroupId(Path cgroupDir) {
        return Cgroups.idOf(cgroupDir);
    }

    /** The cgroup v2 id of this process's cgroup. */
    public static long currentCgroupId() {
        return Cgroups.idOf(Cgroups.current());
    }

    /** Detaches, stops the reader thread, unloads. Idempotent. */
    @Override
    public void close() {
        runtime.close();
    }

    static long nanos(Duration d) {
        if (d == null || d.isZero()) {
            return 0;
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException("slow threshold must not be negative: " + d);
        }
        return d.toNanos();
    }

    static int checkTgid(long tgid) {
        if (tgid < 0 || tgid > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("not a process id: " + tgid);
        }
        return (int) tgid;
    }

    /** Builds a {@link SyscallLatency}. */
    public static final class Builder {
        private final Set<Syscall> syscalls = EnumSet.allOf(Syscall.class);
        private final List<SlowCallListener> listeners = new ArrayList<>();
        private AttachPath path;
        private int tgid;
        private long cgroupId;
        private long slowNanos;

        private Builder() {}

        /** The syscalls to measure (default: all five). */
        public Builder syscalls(Set<Syscall> which) {
            if (which.isEmpty()) {
                throw new IllegalArgumentException("no syscalls to measure");
            }
            syscalls.clear();
            syscalls.addAll(which);
            return this;
        }

        /** Measures only this process (default 0: every process). */
        public Builder tgid(long tgid) {
            this.tgid = checkTgid(tgid);
            return this;
        }

        /** Measures only tasks of this cgroup v2 id (default 0: any); see {@link #cgroupId(Path)}. */
        public Builder cgroupId(long cgroupId) {
            this.cgroupId = cgroupId;
            return this;
        }

        /** Calls taking at least this long become events (default: none). */
        public Builder slowThreshold(Duration threshold) {
            this.slowNanos = nanos(threshold);
            return this;
        }

        /** Forces an attach path instead of choosing from the capability report. */
        public Builder attachPath(AttachPath path) {
            this.path = Objects.requireNonNull(path, "path");
            return this;
        }

        /** A slow-call listener. */
        public Builder listener(SlowCallListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Loads, attaches, starts the reader thread.
         *
         * @throws BpfException (EPERM) naming the privilege this process lacks (the right to load BPF
         *         programs, CAP_PERFMON), before any attach path is tried
         * @throws io.ebpf4j.kernel.MissingFeatureException when the forced attach path cannot attach here
         *         (e.g. {@link AttachPath#KPROBE} without CONFIG_KPROBES: the fallback is the tracepoint path)
         */
        public SyscallLatency build() {
            TracingPrivileges.require("the syscall latency hook");
            SyscallLatencyState state = AttachPaths.choose(path, syscalls);
            if (path != null || state.path() == AttachPath.TRACEPOINT) {
                return new SyscallLatency(this, state);
            }
            try {
                return new SyscallLatency(this, state);
            } catch (BpfException e) { // chosen, not forced: e.g. a __sys_* function this kernel inlined
                LOG.info("syscall latency: {} path failed ({}); using syscall tracepoints", state.path(), e.getMessage());
                return new SyscallLatency(this, new SyscallLatencyState(AttachPath.TRACEPOINT,
                        state.path() + " path failed: " + e.getMessage(), syscalls));
            }
        }
    }
}
