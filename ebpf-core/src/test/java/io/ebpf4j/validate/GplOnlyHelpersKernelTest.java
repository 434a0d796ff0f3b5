package io.ebpf4j.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.asm.Asm;
import io.ebpf4j.asm.HelperCatalog;
import io.ebpf4j.asm.RawProgramLoader;
import io.ebpf4j.asm.Register;
import io.ebpf4j.asm.TestObjects;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Asks the running kernel which helpers are GPL-only and compares with {@link GplOnlyHelpers#NAMES}:
 * a call of each helper is loaded with a proprietary license into several program types; the verifier
 * checks the license right after finding the helper, before looking at arguments. Helpers no tried
 * program type may call (bpf_probe_write_user under lockdown, iterator and fentry-only helpers) are
 * not checked.
 */
class GplOnlyHelpersKernelTest {
    private static final List<ProgramType> TYPES = List.of(ProgramType.TRACEPOINT, ProgramType.KPROBE,
            ProgramType.RAW_TRACEPOINT, ProgramType.PERF_EVENT, ProgramType.SOCKET_FILTER, ProgramType.SCHED_CLS,
            ProgramType.XDP, ProgramType.CGROUP_SKB, ProgramType.SK_MSG,
            ProgramType.LWT_XMIT, ProgramType.SOCK_OPS);

    @Test
    void theGplOnlyListMatchesTheKernel() {
        TestObjects.requireRoot();
        HelperCatalog kernel = HelperCatalog.kernel();
        assertTrue(kernel.authoritative(), "the kernel's BTF is needed");
        Map<String, Boolean> gplOnly = new TreeMap<>();
        for (Map.Entry<Integer, String> h : kernel.asMap().entrySet()) {
            for (ProgramType type : TYPES) {
                try (RawProgramLoader.Result r = RawProgramLoader.load(type, "gpl_probe", "Proprietary",
                        List.of(Asm.call(h.getKey()), Asm.mov64(Register.R0, 0), Asm.exit()))) {
                    String log = r.log();
                    if (log.contains("GPL-restricted")) {
                        gplOnly.put(h.getValue(), true);
                    } else if (r.loaded() || (log.contains("(85) call ")
                            && !(log.contains("cannot use helper") || log.contains("unknown func")))) {
                        // the verifier found the helper and went past its license check
                        gplOnly.putIfAbsent(h.getValue(), false);
                    }
                }
            }
        }
        assertTrue(gplOnly.size() > 100, "only " + gplOnly.size() + " helpers were callable: " + gplOnly.keySet());
        TreeSet<String> missing = new TreeSet<>();
        TreeSet<String> extra = new TreeSet<>();
        gplOnly.forEach((name, gpl) -> {
            if (gpl && !GplOnlyHelpers.NAMES.contains(name)) {
                missing.add(name);
            } else if (!gpl && GplOnlyHelpers.NAMES.contains(name)) {
                extra.add(name);
            }
        });
        assertEquals("", (missing.isEmpty() ? "" : "GPL-only in the kernel but not in the list: " + missing)
                + (extra.isEmpty() ? "" : " In the list but not GPL-only in the kernel: " + extra));
    }
}
