package io.ebpf4j.features;

import io.ebpf4j.btf.Btf;
import io.ebpf4j.btf.BtfKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The few numbers probing needs from the kernel's BTF: enum bpf_func_id and the ids of the kernel
 * functions probe programs are pointed at. Read once from the kernel BTF ({@link Btf#vmlinux()}).
 */
record VmlinuxIds(Map<String, Integer> helperIds, Map<String, Integer> types) {
    /** Kernel functions probe programs attach to. */
    static final List<String> FUNCTIONS = List.of("bpf_fentry_test1", "do_unlinkat", "bpf_lsm_file_open", "bpf_lsm_bpf");
    /** The typedef a BTF raw tracepoint (tp_btf) program attaches to. */
    static final String TP_BTF_TARGET = "btf_trace_sched_switch";

    VmlinuxIds {
        helperIds = Map.copyOf(helperIds);
        types = Map.copyOf(types);
    }

    /** The BTF id of a function or typedef read at startup. */
    Optional<Integer> type(String name) {
        return Optional.ofNullable(types.get(name));
    }

    private static volatile Result cached;

    /** {@link #read()}, once per JVM. */
    static Result cached() {
        Result r = cached;
        if (r == null) {
            synchronized (VmlinuxIds.class) {
                if (cached == null) {
                    cached = read();
                }
                r = cached;
            }
        }
        return r;
    }

    /** Reads the ids, or returns why it could not (as the error of the result). */
    static Result read() {
        try (Btf btf = Btf.vmlinux()) {
            Map<String, Integer> helpers = new HashMap<>();
            btf.helperIds().forEach((id, name) -> helpers.put("BPF_FUNC_" + name.substring("bpf_".length()), id));
            Map<String, Integer> fns = new HashMap<>();
            for (String f : FUNCTIONS) {
                btf.find(f, BtfKind.FUNC).ifPresent(t -> fns.put(f, t.id()));
            }
            btf.find(TP_BTF_TARGET, BtfKind.TYPEDEF).ifPresent(t -> fns.put(TP_BTF_TARGET, t.id()));
            if (helpers.isEmpty()) {
                return new Result(Optional.of(new VmlinuxIds(helpers, fns)), "kernel BTF has no enum bpf_func_id");
            }
            return new Result(Optional.of(new VmlinuxIds(helpers, fns)), "");
        } catch (RuntimeException e) {
            return new Result(Optional.empty(), "reading kernel BTF failed: " + e.getMessage());
        }
    }

    record Result(Optional<VmlinuxIds> ids, String error) {}
}
