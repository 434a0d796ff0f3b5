package io.ebpf4j.validate;

import static io.ebpf4j.asm.Register.R0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.kernel.AttachType;
import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.asm.Asm;
import io.ebpf4j.asm.HelperCatalog;
import io.ebpf4j.asm.Instruction;
import io.ebpf4j.asm.RawProgramLoader;
import io.ebpf4j.asm.TestObjects;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyTest {
    private static final HelperCatalog KERNEL = HelperCatalog.kernel();

    private static List<Instruction> calling(String helper) {
        int id = KERNEL.id(helper).orElseThrow();
        return List.of(Asm.call(id), Asm.mov64(R0, 0), Asm.exit());
    }

    private static List<String> rules(ValidationReport r) {
        return r.errors().stream().map(Finding::rule).toList();
    }

    @Test
    void defaultsDenyStateChangingHelpersByName() {
        Validator v = Validator.builder().catalog(KERNEL).build();
        for (String helper : Policy.DEFAULT_DENIED_HELPERS.keySet()) {
            if (KERNEL.id(helper).isEmpty()) {
                continue; // not in this kernel: nothing to deny
            }
            ValidationReport r = v.validate(ProgramInput.of("p", ProgramType.TRACEPOINT, "GPL", calling(helper)));
            assertEquals(List.of("policy.denied-helper"), rules(r), helper);
            assertTrue(r.errors().get(0).message().contains(Policy.DEFAULT_DENIED_HELPERS.get(helper)));
            assertEquals("call " + helper + "#" + KERNEL.id(helper).getAsInt(), r.errors().get(0).line());
        }
        assertTrue(v.validate(ProgramInput.of("p", ProgramType.TRACEPOINT, "GPL", calling("bpf_ktime_get_ns"))).ok());
    }

    @Test
    void helperNamesAreResolvedThroughTheCatalogNotHardCoded() {
        HelperCatalog odd = HelperCatalog.of(Map.of(7, "bpf_send_signal", 109, "bpf_ktime_get_ns"), true);
        Validator v = Validator.builder().catalog(odd).build();
        assertEquals(List.of("policy.denied-helper"),
                rules(v.validate(ProgramInput.of("p", ProgramType.TRACEPOINT, "GPL", List.of(Asm.call(7), Asm.exit())))));
        assertTrue(v.validate(ProgramInput.of("p", ProgramType.TRACEPOINT, "GPL",
                List.of(Asm.mov64(R0, 0), Asm.call(109), Asm.exit()))).ok());
    }

    @Test
    void gplOnlyHelpersNeedAGplCompatibleLicenseAndTheKernelAgrees() {
        Validator v = Validator.builder().catalog(KERNEL).build();
        List<Instruction> insns = calling("bpf_get_current_task");
        ValidationReport bad = v.validate(ProgramInput.of("p", ProgramType.TRACEPOINT, "Proprietary", insns));
        assertEquals(List.of("policy.gpl-license"), rules(bad));
        assertTrue(v.validate(ProgramInput.of("p", ProgramType.TRACEPOINT, "Dual MIT/GPL", insns)).ok());
        TestObjects.requireRoot();
        try (RawProgramLoader.Result r = RawProgramLoader.load(ProgramType.TRACEPOINT, "p", "Proprietary", insns)) {
            assertFalse(r.loaded());
            assertTrue(r.log().contains("GPL-restricted"), r.log());
        }
        try (RawProgramLoader.Result r = RawProgramLoader.load(ProgramType.TRACEPOINT, "p", "Dual MIT/GPL", insns)) {
            assertTrue(r.loaded(), r.log());
        }
    }

    @Test
    void programAndAttachTypeAllowLists() {
        List<Instruction> ok = List.of(Asm.mov64(R0, 0), Asm.exit());
        Validator v = Validator.builder().catalog(KERNEL)
                .policy(Policy.allowProgramTypes(Set.of(ProgramType.XDP, ProgramType.CGROUP_SKB))
                        .and(Policy.allowAttachTypes(Set.of(AttachType.CGROUP_INET_INGRESS), true)))
                .build();
        assertTrue(v.validate(ProgramInput.of("x", ProgramType.XDP, "GPL", ok)).ok());
        assertEquals(List.of("policy.program-type"), rules(v.validate(ProgramInput.of("s", ProgramType.SOCKET_FILTER, "GPL", ok))));
        assertEquals(List.of("policy.attach-type"), rules(v.validate(new ProgramInput("c", ProgramType.CGROUP_SKB,
                Optional.of(AttachType.CGROUP_INET_EGRESS), "GPL", ok))));
        Validator strict = Validator.builder().catalog(KERNEL).policy(Policy.allowAttachTypes(Set.of(AttachType.XDP), false)).build();
        assertEquals(List.of("policy.attach-type"), rules(strict.validate(ProgramInput.of("x", ProgramType.XDP, "GPL", ok))));
    }

    @Test
    void instructionCapAndComposition() {
        List<Instruction> insns = new ArrayList<>();
        insns.add(Asm.ldImm64(R0, 0));
        for (int i = 0; i < 8; i++) {
            insns.add(Asm.add64(R0, 1));
        }
        insns.add(Asm.call(KERNEL.id("bpf_send_signal").orElseThrow()));
        insns.add(Asm.exit()); // 12 slots
        Validator v = Validator.builder().catalog(KERNEL).policy(Policy.maxInstructions(11).and(Policy.defaults())).build();
        ValidationReport r = v.validate(ProgramInput.of("big", ProgramType.TRACEPOINT, "GPL", insns));
        assertEquals(List.of("policy.max-instructions", "policy.denied-helper"), rules(r));
        assertTrue(Validator.builder().catalog(KERNEL).policy(Policy.maxInstructions(12)).build()
                .validate(ProgramInput.of("big", ProgramType.TRACEPOINT, "GPL", insns)).ok());
        assertThrows(IllegalArgumentException.class, () -> Policy.maxInstructions(0));
    }

    @Test
    void reportsCoverEveryProgramAndThrowListingAllErrors() {
        Validator v = Validator.builder().catalog(KERNEL).build();
        ValidationReport r = v.validate(
                ProgramInput.of("good", ProgramType.XDP, "GPL", List.of(Asm.mov64(R0, 0), Asm.exit())),
                ProgramInput.of("sig", ProgramType.TRACEPOINT, "GPL", calling("bpf_send_signal")),
                ProgramInput.of("fp", ProgramType.XDP, "GPL", List.of(Asm.mov64(io.ebpf4j.asm.Register.R10, 0), Asm.exit())));
        assertEquals(List.of(), r.forProgram("good"));
        assertEquals(1, r.forProgram("sig").size());
        assertEquals(1, r.forProgram("fp").size());
        ValidationException e = assertThrows(ValidationException.class, r::orThrow);
        assertThrows(ValidationException.class, () -> v.validateOrThrow(
                ProgramInput.of("sig", ProgramType.TRACEPOINT, "GPL", calling("bpf_send_signal"))));
        assertTrue(v.validateOrThrow(ProgramInput.of("good", ProgramType.XDP, "GPL", List.of(Asm.mov64(R0, 0), Asm.exit()))).ok());
        assertInstanceOf(BpfException.class, e);
        assertEquals(2, e.findings().size());
        assertTrue(e.getMessage().contains("policy.denied-helper") && e.getMessage().contains("structure.frame-pointer-write"),
                e.getMessage());
    }
}
