package io.ebpf4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.internal.libbpf.LibBpf;
import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.MissingFeatureException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Each kind of libbpf refusal (its warning line, as libbpf 1.1 words it) is explained with what is
 * missing. The refusals this kernel cannot produce (a kfunc or struct_ops it lacks) are checked here from
 * libbpf's words; the others also in LoaderDifferentialTest, from real loads.
 */
class LibBpfRefusalTest {

    private static BpfException explain(String... warnings) {
        Optional<BpfException> e = LibBpfRefusal.explain("loading object 'o'", 3, List.of(warnings));
        assertTrue(e.isPresent(), "no explanation for " + List.of(warnings));
        return e.get();
    }

    @Test
    void aKfuncTheKernelLacksIsAMissingFeatureNamingIt() {
        MissingFeatureException e = assertInstanceOf(MissingFeatureException.class,
                explain("extern (func ksym) 'bpf_task_acquire': not found in kernel or module BTFs", "failed to load object 'o'"));
        assertTrue(e.feature().contains("bpf_task_acquire") && e.getMessage().contains("bpf_ksym_exists"), e.getMessage());
    }

    @Test
    void aStructOpsTheKernelLacksIsAMissingFeature() {
        MissingFeatureException e = assertInstanceOf(MissingFeatureException.class,
                explain("struct_ops init_kern: struct tcp_congestion_ops is not found in kernel BTF"));
        assertTrue(e.feature().contains("tcp_congestion_ops"), e.getMessage());
    }

    @Test
    void aStrongExternLibbpfCannotResolveSaysDeclareItWeak() {
        BpfException e = explain("extern 'CONFIG_EBPF4J_X' (strong): not resolved");
        assertTrue(e.getMessage().contains("CONFIG_EBPF4J_X") && e.remedy().orElseThrow().contains("__weak"), e.getMessage());
    }

    @Test
    void aMapInitialiserNamingAProgramNotLoadedSaysWhich() {
        BpfException e = explain("map 'jump_table': failed to initialize slot [2] to prog 'tail_b' fd=-2: -9");
        assertTrue(e.getMessage().contains("'tail_b' in slot 2") && e.remedy().orElseThrow().contains("autoload"), e.getMessage());
        assertEquals(3, e.errnoNumber());
    }

    @Test
    void aSectionNewerThanLibbpfNamesTheReleaseThatKnowsIt() {
        BpfException e = explain("prog 'p': missing BPF prog type, check ELF section name 'tcx/ingress'");
        if (LibBpf.get().version().atLeast(1, 3)) {
            assertTrue(e.getMessage().contains("does not know section 'tcx/ingress'"), e.getMessage());
            return;
        }
        MissingFeatureException m = assertInstanceOf(MissingFeatureException.class, e);
        assertEquals("6.6", m.sinceKernel().orElseThrow());
        assertTrue(m.getMessage().contains("libbpf 1.3 and later"), m.getMessage());
    }

    @Test
    void aSectionNoLibbpfKnowsSaysSo() {
        BpfException e = explain("prog 'p': missing BPF prog type, check ELF section name 'bogus/x'");
        assertTrue(e.getMessage().contains("does not know section 'bogus/x'") && e.remedy().orElseThrow().contains("setType"),
                e.getMessage());
    }

    @Test
    void newerSectionsMatchLikeLibbpf() {
        assertEquals(Optional.of(NewerSection.UPROBE_MULTI), NewerSection.of("uprobe.multi"));
        assertEquals(Optional.of(NewerSection.UPROBE_MULTI), NewerSection.of("uretprobe.multi/usr/bin/x:f*"));
        assertEquals(Optional.of(NewerSection.UPROBE_MULTI), NewerSection.of("?uprobe.multi.s"));
        assertEquals(Optional.of(NewerSection.CGROUP_UNIX), NewerSection.of("cgroup/connect_unix"));
        assertEquals(Optional.empty(), NewerSection.of("uprobe.multiple"));
        assertEquals(Optional.empty(), NewerSection.of("tcx/other"));
        assertEquals(Optional.empty(), NewerSection.of("kprobe.multi/x"));
    }

    @Test
    void warningsNoRuleKnowsAreNotExplainedButQuoted() {
        assertTrue(LibBpfRefusal.explain("op", 22, List.of("something new")).isEmpty());
        assertEquals(Optional.of("something new"),
                LibBpfRefusal.firstWarning(List.of("prog 'p': failed to load: -22", "something new", "failed to load object 'o'")));
    }
}
