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
record VmlinuxIds(Map<String, Integer> helperIds, Map<String, Integer> functions) {
    static final List<String> FUNCTIONS = List.of("bpf_fentry_test1", "do_unlinkat", "bpf_lsm_file_open", "bpf_lsm_bpf");

    VmlinuxIds {
        helperIds = Map.copyOf(helperIds);
        functions = Map.copyOf(functions);
    }

    Optional<Integer> function(String name) {
        return Optional.ofNullable(functions.get(name));
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
                btf.functionId(f).ifPresent(id -> fns.put(f, id));
            }
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
