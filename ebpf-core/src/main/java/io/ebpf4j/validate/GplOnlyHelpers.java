package io.ebpf4j.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Requires a GPL-compatible license when GPL-only helpers are called.
 *
 * <p>{@link #NAMES} is the set of helpers whose kernel {@code struct bpf_func_proto} has
 * {@code .gpl_only = true} (kernel/trace/bpf_trace.c, kernel/bpf/helpers.c, net/core/filter.c,
 * kernel/bpf/stackmap.c, as of Linux 6.18). The test GplOnlyHelpersKernelTest checks it against the
 * running kernel: it loads a call of every helper with a non-GPL license and reads whether the
 * verifier refuses it as "GPL-restricted".
 */
final class GplOnlyHelpers implements Policy {
    static final String RULE = "policy.gpl-license";

    /** Helpers the kernel marks GPL-only. */
    static final Set<String> NAMES = Set.of(
            "bpf_probe_read",
            "bpf_trace_printk", "bpf_get_current_task", "bpf_perf_event_output", "bpf_get_stackid",
            "bpf_probe_write_user", "bpf_probe_read_str", "bpf_perf_event_read_value", "bpf_perf_prog_read_value",
            "bpf_override_return", "bpf_get_stack", "bpf_skb_output", "bpf_probe_read_user", "bpf_probe_read_kernel",
            "bpf_probe_read_user_str", "bpf_probe_read_kernel_str", "bpf_read_branch_records", "bpf_xdp_output",
            "bpf_seq_printf", "bpf_seq_write", "bpf_get_current_task_btf", "bpf_snprintf", "bpf_timer_init",
            "bpf_timer_set_callback", "bpf_timer_start", "bpf_timer_cancel", "bpf_get_func_ip", "bpf_task_pt_regs",
            "bpf_get_branch_snapshot", "bpf_trace_vprintk", "bpf_get_func_arg", "bpf_get_func_ret",
            "bpf_get_func_arg_cnt", "bpf_copy_from_user_task", "bpf_perf_event_read", "bpf_fib_lookup",
            "bpf_check_mtu", "bpf_tcp_check_syncookie", "bpf_tcp_gen_syncookie", "bpf_tcp_raw_gen_syncookie_ipv4",
            "bpf_tcp_raw_gen_syncookie_ipv6", "bpf_tcp_raw_check_syncookie_ipv4", "bpf_tcp_raw_check_syncookie_ipv6");

    /** The GPL-only helper names. */
    static Set<String> names() {
        return NAMES;
    }

    @Override
    public List<Finding> check(ProgramView program) {
        if (program.gplCompatible()) {
            return List.of();
        }
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < program.insns().size(); i++) {
            int id = program.helperCalledAt(i);
            if (id >= 0 && program.catalog().name(id).filter(NAMES::contains).isPresent()) {
                out.add(program.at(i, RULE, Severity.ERROR, "calls GPL-only " + program.helperName(id) + " but the license '"
                        + program.input().license() + "' is not GPL-compatible (the kernel accepts "
                        + ProgramView.GPL_COMPATIBLE_LICENSES + ")"));
            }
        }
        return out;
    }
}
