package io.ebpf4j.features;

import io.ebpf4j.internal.libbpf.VmlinuxBtfLookup;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The few numbers probing needs from the kernel's BTF: enum bpf_func_id and the ids of the kernel
 * functions probe programs are pointed at. Read once, through the stopgap {@link VmlinuxBtfLookup}.
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
        VmlinuxBtfLookup.Result opened = VmlinuxBtfLookup.open();
        if (opened.lookup() == null) {
            return new Result(Optional.empty(), opened.error());
        }
        try (VmlinuxBtfLookup btf = opened.lookup()) {
            Map<String, Integer> helpers = btf.enumValues("bpf_func_id");
            Map<String, Integer> fns = new HashMap<>();
            for (String f : FUNCTIONS) {
                btf.find(f, VmlinuxBtfLookup.KIND_FUNC).ifPresent(id -> fns.put(f, id));
            }
            btf.find(TP_BTF_TARGET, VmlinuxBtfLookup.KIND_TYPEDEF).ifPresent(id -> fns.put(TP_BTF_TARGET, id));
            if (helpers.isEmpty()) {
                return new Result(Optional.of(new VmlinuxIds(helpers, fns)), "kernel BTF has no enum bpf_func_id");
            }
            return new Result(Optional.of(new VmlinuxIds(helpers, fns)), "");
        } catch (RuntimeException e) {
            return new Result(Optional.empty(), "reading kernel BTF failed: " + e.getMessage());
        }
    }

    /** The ids, if read, and the error text otherwise. */
    record Result(Optional<VmlinuxIds> ids, String error) {}
}
