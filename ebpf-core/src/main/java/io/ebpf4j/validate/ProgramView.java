package io.ebpf4j.validate;

import io.ebpf4j.asm.Call;
import io.ebpf4j.asm.CallKind;
import io.ebpf4j.asm.Disassembler;
import io.ebpf4j.asm.HelperCatalog;
import io.ebpf4j.asm.Instruction;
import io.ebpf4j.asm.Instructions;
import java.util.List;
import java.util.Set;

/**
 * A program being validated, as {@link Policy} implementations see it: the input, the helper
 * catalog, slot indices and the means to make findings that carry the disassembled line.
 */
public final class ProgramView {
    /** License strings the kernel treats as GPL-compatible ({@code license_is_gpl_compatible}). */
    public static final Set<String> GPL_COMPATIBLE_LICENSES = Set.of(
            "GPL", "GPL v2", "GPL and additional rights", "Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL");

    private final ProgramInput input;
    private final HelperCatalog catalog;
    private final Disassembler disassembler;
    private final int[] slots;

    ProgramView(ProgramInput input, HelperCatalog catalog, Disassembler disassembler) {
        this.input = input;
        this.catalog = catalog;
        this.disassembler = disassembler;
        this.slots = Instructions.slotIndices(input.insns());
    }

    /** The program. */
    public ProgramInput input() {
        return input;
    }

    /** The helper catalog validation uses. */
    public HelperCatalog catalog() {
        return catalog;
    }

    /** The instructions. */
    public List<Instruction> insns() {
        return input.insns();
    }

    /** Number of 8-byte slots (what the kernel counts as instructions). */
    public int slotCount() {
        return slots.length == 0 ? 0 : slots[slots.length - 1] + input.insns().get(slots.length - 1).slots();
    }

    /** The slot index of the instruction at list position {@code i}. */
    public int slotOf(int i) {
        return slots[i];
    }

    /** Whether the program's license is one the kernel accepts as GPL-compatible. */
    public boolean gplCompatible() {
        return GPL_COMPATIBLE_LICENSES.contains(input.license());
    }

    /** The helper id called by the instruction at list position {@code i}, or -1 if it is not a helper call. */
    public int helperCalledAt(int i) {
        return input.insns().get(i) instanceof Call c && c.kind() == CallKind.HELPER ? c.imm() : -1;
    }

    /** The helper's name for messages: {@code bpf_x} or {@code helper #n}. */
    public String helperName(int id) {
        return catalog.name(id).orElse("helper #" + id);
    }

    /** A finding about the instruction at list position {@code i}. */
    public Finding at(int i, String rule, Severity severity, String message) {
        return new Finding(input.name(), slots[i], disassembler.format(input.insns().get(i)), rule, message, severity);
    }

    /** A finding about the whole program. */
    public Finding program(String rule, Severity severity, String message) {
        return new Finding(input.name(), -1, "", rule, message, severity);
    }
}
