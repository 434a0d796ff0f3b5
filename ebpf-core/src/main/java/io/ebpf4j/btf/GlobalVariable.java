package io.ebpf4j.btf;

import java.util.ArrayList;
import java.util.List;

/**
 * A variable of a BPF object's data section ({@code .data}, {@code .rodata}, {@code .bss} or a custom
 * {@code .data.*} / {@code .rodata.*} one), as its BTF describes it.
 *
 * <p>In BTF read straight from an object file, clang leaves section sizes and variable offsets 0;
 * libbpf fills them in when it opens the object, so read them from the opened object's BTF.
 *
 * @param section the section name
 * @param name    the variable name
 * @param offset  the byte offset in the section
 * @param size    the size in bytes
 * @param varId   the id of the {@link BtfType.Var}
 * @param typeId  the id of the variable's type
 * @param linkage the variable's linkage
 */
public record GlobalVariable(String section, String name, long offset, long size, int varId, int typeId, Linkage linkage) {

    /** The variables of {@code section} in {@code btf}, in section order. */
    static List<GlobalVariable> of(Btf btf, String section) {
        List<GlobalVariable> out = new ArrayList<>();
        btf.find(section, BtfKind.DATASEC).ifPresent(t -> {
            for (BtfType.VarSecInfo info : ((BtfType.DataSec) t).vars()) {
                BtfType v = btf.type(info.type());
                if (v instanceof BtfType.Var var) {
                    out.add(new GlobalVariable(section, var.name(), info.offset(), info.size(), var.id(), var.type(),
                            var.linkage()));
                }
            }
        });
        return List.copyOf(out);
    }
}
