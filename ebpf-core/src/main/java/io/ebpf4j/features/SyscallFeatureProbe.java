package io.ebpf4j.features;

import io.ebpf4j.kernel.Errno;
import io.ebpf4j.kernel.AttachType;
import io.ebpf4j.kernel.MapType;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.internal.libbpf.ProbeCalls;
import io.ebpf4j.internal.libbpf.ProbeCalls.LoadResult;
import io.ebpf4j.internal.libbpf.ProbeCalls.LoadSpec;

/** bpf() commands newer than the basics, each tried for real: bpf_link, batch ops, mmap, test run. */
final class SyscallFeatureProbe {
    private static final int BPF_F_MMAPABLE = 1 << 10;

    private final Availability canLoad;

    SyscallFeatureProbe(Availability canLoad) {
        this.canLoad = canLoad;
    }

    /** LINK_CREATE with a bad target fd: EBADF means the command exists, EINVAL that it does not. */
    Availability bpfLink() {
        if (!canLoad.isAvailable()) {
            return notProbed();
        }
        LoadResult prog = ProbeLoads.returnZero(new LoadSpec(ProgramType.CGROUP_SKB.value(),
                AttachType.CGROUP_INET_INGRESS.value(), 0, 0));
        if (!prog.loaded()) {
            return ProbeLoads.cannotProbe(prog.fdOrError(), "bpf_link (cgroup_skb program load)");
        }
        try {
            int r = ProbeCalls.createLink(prog.fdOrError(), -1, AttachType.CGROUP_INET_INGRESS.value());
            ProbeLoads.close(r);
            if (r == -Errno.EBADF.number()) {
                return Availability.available("BPF_LINK_CREATE answered EBADF for a bad target (the command exists)");
            }
            return r >= 0 ? Availability.available("BPF_LINK_CREATE succeeded")
                    : Availability.unavailable("BPF_LINK_CREATE failed: " + ProbeLoads.errno(r), "Linux 5.7 or newer");
        } finally {
            ProbeLoads.close(prog.fdOrError());
        }
    }

    /** BPF_MAP_LOOKUP_BATCH on an empty hash map: ENOENT (nothing there) means supported. */
    Availability batchOps() {
        if (!canLoad.isAvailable()) {
            return notProbed();
        }
        int map = ProbeCalls.createMap(MapType.HASH.value(), 4, 4, 4, 0);
        if (map < 0) {
            return ProbeLoads.cannotProbe(map, "batch operations (hash map create)");
        }
        try {
            int r = ProbeCalls.lookupBatchFromStart(map, 4);
            if (r == 0 || r == -Errno.ENOENT.number()) {
                return Availability.available("BPF_MAP_LOOKUP_BATCH on an empty hash map answered "
                        + (r == 0 ? "0" : "ENOENT (end of map)"));
            }
            return Availability.unavailable("BPF_MAP_LOOKUP_BATCH failed: " + ProbeLoads.errno(r), "Linux 5.6 or newer");
        } finally {
            ProbeLoads.close(map);
        }
    }

    /** An array map created with BPF_F_MMAPABLE. */
    Availability mmapableArray() {
        if (!canLoad.isAvailable()) {
            return notProbed();
        }
        int map = ProbeCalls.createMap(MapType.ARRAY.value(), 4, 4, 1, BPF_F_MMAPABLE);
        ProbeLoads.close(map);
        if (map >= 0) {
            return Availability.available("created an array map with BPF_F_MMAPABLE");
        }
        return ProbeLoads.isPrivilegeError(map) ? ProbeLoads.cannotProbe(map, "mmapable arrays")
                : Availability.unavailable("creating an array map with BPF_F_MMAPABLE failed: " + ProbeLoads.errno(map),
                "Linux 5.5 or newer");
    }

    /** BPF_PROG_TEST_RUN of a socket filter on a 64-byte packet. */
    Availability progTestRun() {
        if (!canLoad.isAvailable()) {
            return notProbed();
        }
        LoadResult prog = ProbeLoads.returnZero(LoadSpec.of(ProgramType.SOCKET_FILTER.value()));
        if (!prog.loaded()) {
            return ProbeLoads.cannotProbe(prog.fdOrError(), "BPF_PROG_TEST_RUN (socket filter load)");
        }
        try {
            long r = ProbeCalls.testRun(prog.fdOrError(), new byte[64]);
            if (r >= 0) {
                return Availability.available("BPF_PROG_TEST_RUN ran a socket filter (returned " + r + ")");
            }
            return Availability.unavailable("BPF_PROG_TEST_RUN failed: " + ProbeLoads.errno((int) r), "Linux 4.12 or newer");
        } finally {
            ProbeLoads.close(prog.fdOrError());
        }
    }

    private Availability notProbed() {
        return ProbeLoads.notProbed(canLoad);
    }
}
