package io.ebpf4j.validate;

import io.ebpf4j.kernel.AttachType;
import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.asm.Instructions;
import io.ebpf4j.internal.elf.BtfDeclTags;
import io.ebpf4j.internal.elf.ElfFile;
import io.ebpf4j.internal.elf.ElfFile.Relocation;
import io.ebpf4j.internal.elf.ElfFile.Section;
import io.ebpf4j.internal.elf.ElfFile.Symbol;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Links a program of an ELF object as libbpf's {@code bpf_object__reloc_code} does: the program's own
 * function first; then, depth first in the order the calls appear, every subprogram it calls
 * ({@code BPF_PSEUDO_CALL}) or takes the address of ({@code BPF_PSEUDO_FUNC} ld_imm64, callbacks),
 * each appended once, with the call's immediate pointing at the appended copy; then, as libbpf 1.3+
 * does, the program's exception callback (BTF decl tag {@code exception_callback:NAME}) if not yet
 * there. So slot indices match the ones the kernel's verifier reports.
 *
 * <p>Data references are left symbolic: a map load becomes {@code BPF_PSEUDO_MAP_FD} with fd 0, a
 * global-variable load {@code BPF_PSEUDO_MAP_VALUE} with fd 0 and its offset, a call of an extern
 * function a kfunc call of BTF id 0. Not thread-safe; one per object.
 */
final class Linker {
    private static final int LD_IMM64 = 0x18;
    private static final int CALL = 0x85;
    private static final int PSEUDO_CALL = 1;
    private static final int PSEUDO_KFUNC_CALL = 2;
    private static final int PSEUDO_MAP_FD = 1;
    private static final int PSEUDO_MAP_VALUE = 2;
    private static final int PSEUDO_FUNC = 4;
    private static final int SLOT = Instructions.SLOT_BYTES;

    private final ElfFile elf;
    private static final String EXCEPTION_CALLBACK = "exception_callback:";

    private final Map<Integer, Map<Long, Relocation>> relocations = new HashMap<>();
    private final Map<Integer, Map<Long, Symbol>> functionStarts = new HashMap<>();
    private Map<String, List<String>> declTags;

    Linker(ElfFile elf) {
        this.elf = elf;
    }

    /**
     * A function's place in its section. A class rather than a record: a record's accessors are public,
     * and these would show internal ELF types in the class file's public signatures.
     */
    private static final class Func {
        private final Section section;
        private final Symbol symbol;

        Func(Section section, Symbol symbol) {
            this.section = section;
            this.symbol = symbol;
        }

        Section section() {
            return section;
        }

        Symbol symbol() {
            return symbol;
        }

        int start() {
            return (int) (symbol.value() / SLOT);
        }

        int slots() {
            return (int) (symbol.size() / SLOT);
        }
    }

    /**
     * Links the program {@code name} of section {@code section}.
     *
     * @throws BpfException when the object has no such function, or a call leads nowhere
     */
    LinkedProgram link(String name, String section, ProgramType type, Optional<AttachType> attach, String license) {
        Func main = mainFunction(name, section);
        Session s = new Session(name);
        s.place(main);
        // libbpf 1.3+ appends a program's exception callback (named by a BTF decl tag) last, if not yet there
        Set<Integer> roots = new HashSet<>();
        for (String tag : declTags().getOrDefault(name, List.of())) {
            if (tag.startsWith(EXCEPTION_CALLBACK)) {
                String callback = tag.substring(EXCEPTION_CALLBACK.length());
                subprogram(callback).ifPresent(f -> roots.add(s.place(f)));
            }
        }
        return new LinkedProgram(name, section, type, attach, license,
                Instructions.decode(Arrays.copyOf(s.words, s.size)), s.functions, s.references, roots);
    }

    private Map<String, List<String>> declTags() {
        if (declTags == null) {
            declTags = BtfDeclTags.ofFunctions(elf);
        }
        return declTags;
    }

    /** The function called {@code name} in {@code .text}, where libbpf keeps subprograms. */
    private Optional<Func> subprogram(String name) {
        return elf.section(".text").filter(Section::executable).flatMap(text -> elf.functions(text.index()).stream()
                .filter(sym -> sym.name().equals(name)).findFirst().map(sym -> new Func(text, sym)));
    }

    /**
     * The program's function in its section. libbpf names the section without the {@code ?} that turns
     * autoload off ({@code SEC("?xdp")} is section {@code ?xdp} in the ELF, {@code xdp} to libbpf).
     */
    private Func mainFunction(String name, String section) {
        for (Section sec : elf.sections()) {
            if (sec.executable() && (sec.name().equals(section) || sec.name().equals("?" + section))) {
                for (Symbol sym : elf.functions(sec.index())) {
                    if (sym.name().equals(name)) {
                        return new Func(sec, sym);
                    }
                }
            }
        }
        throw new BpfException("linking program '" + name + "'",
                "the object has no function '" + name + "' in a code section '" + section + "'");
    }

    /** Byte offset to the (first) function starting there, in section {@code index}. */
    private Map<Long, Symbol> startsIn(int index) {
        Map<Long, Symbol> out = new HashMap<>();
        for (Symbol sym : elf.functions(index)) {
            out.putIfAbsent(sym.value(), sym);
        }
        return out;
    }

    private Map<Long, Relocation> relocationsOf(Section section) {
        return relocations.computeIfAbsent(section.index(), i -> {
            Map<Long, Relocation> byOffset = new HashMap<>();
            for (Relocation r : elf.relocations(i)) {
                byOffset.put(r.offset(), r);
            }
            return byOffset;
        });
    }

    /** The state of linking one program. */
    private final class Session {
        private final String program;
        private long[] words = new long[64];
        private int size;
        private final Map<String, Integer> placed = new HashMap<>();
        private final List<LinkedProgram.LinkedFunction> functions = new ArrayList<>();
        private final Map<Integer, String> references = new LinkedHashMap<>();

        Session(String program) {
            this.program = program;
        }

        /** Appends {@code f} unless already there, relocates it; returns its first slot. */
        int place(Func f) {
            String key = f.section().index() + ":" + f.start();
            Integer at = placed.get(key);
            if (at != null) {
                return at;
            }
            int base = size;
            placed.put(key, base);
            append(f);
            functions.add(new LinkedProgram.LinkedFunction(f.symbol().name(), f.section().name(), base, f.slots()));
            relocate(f, base);
            return base;
        }

        private void append(Func f) {
            byte[] code = elf.data(f.section());
            long value = f.symbol().value();
            long length = f.symbol().size();
            if (value < 0 || length <= 0 || value % SLOT != 0 || length % SLOT != 0 || value + length > code.length) {
                throw new BpfException("linking program '" + program + "'", "function '" + f.symbol().name() + "' (offset "
                        + value + ", " + length + " bytes) is not a whole number of instructions inside section '"
                        + f.section().name() + "' (" + code.length + " bytes)");
            }
            int from = f.start();
            int n = f.slots();
            if (size + n > words.length) {
                words = Arrays.copyOf(words, Math.max(words.length * 2, size + n));
            }
            ByteBuffer b = ByteBuffer.wrap(code).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                words[size++] = b.getLong((from + i) * SLOT);
            }
        }

        private void relocate(Func f, int base) {
            Map<Long, Relocation> rel = relocationsOf(f.section());
            for (int i = 0; i < f.slots(); i++) {
                long w = words[base + i];
                int opcode = (int) (w & 0xff);
                int src = (int) ((w >>> 12) & 0xf);
                int imm = (int) (w >>> 32);
                Relocation r = rel.get((long) (f.start() + i) * SLOT);
                if (opcode == LD_IMM64 && i + 1 < f.slots()) {
                    // clang writes a function's address as a plain ld_imm64 relocated against the code;
                    // libbpf marks it BPF_PSEUDO_FUNC (RELO_SUBPROG_ADDR) before linking
                    if (src == PSEUDO_FUNC || r != null && isCode(r.symbol())) {
                        int target = r != null ? (int) ((r.symbol().value() + imm) / SLOT) : f.start() + i + imm + 1;
                        int section = r != null ? r.symbol().section() : f.section().index();
                        Func callee = function(section, target, base + i);
                        int calleeBase = place(callee);
                        words[base + i] = withImm(withSrc(words[base + i], PSEUDO_FUNC), calleeBase - (base + i) - 1);
                        references.put(base + i, "callback " + callee.symbol().name());
                    } else if (r != null) {
                        dataReference(base + i, r, imm);
                    }
                    i++;
                } else if (opcode == CALL && src == PSEUDO_CALL) {
                    if (r != null && r.symbol().isUndefined()) {
                        words[base + i] = withImm(withSrc(w, PSEUDO_KFUNC_CALL) & ~0xffff_0000L, 0);
                        references.put(base + i, "kfunc " + r.symbol().name());
                        continue;
                    }
                    int section = r != null ? r.symbol().section() : f.section().index();
                    int target = r != null ? (int) (r.symbol().value() / SLOT) + imm + 1 : f.start() + i + imm + 1;
                    Func callee = function(section, target, base + i);
                    int calleeBase = place(callee);
                    words[base + i] = withImm(words[base + i], calleeBase - (base + i) - 1);
                    references.put(base + i, callee.symbol().name());
                }
            }
        }

        private boolean isCode(Symbol sym) {
            return !sym.isUndefined() && sym.section() < elf.sections().size() && elf.section(sym.section()).executable()
                    && (sym.isFunction() || sym.type() == ElfFile.STT_SECTION);
        }

        /** A map, global variable or extern loaded by the ld_imm64 at {@code slot}. */
        private void dataReference(int slot, Relocation r, int imm) {
            Symbol sym = r.symbol();
            if (sym.isUndefined()) {
                references.put(slot, "extern " + sym.name());
                return;
            }
            if (sym.section() >= elf.sections().size()) {
                references.put(slot, "symbol " + sym.name());
                return;
            }
            Section in = elf.section(sym.section());
            if (in.name().equals(".maps") || in.name().startsWith("maps")) {
                words[slot] = withImm(withSrc(words[slot], PSEUDO_MAP_FD), 0);
                references.put(slot, "map " + sym.name());
                return;
            }
            long offset = sym.value() + imm;
            words[slot] = withImm(withSrc(words[slot], PSEUDO_MAP_VALUE), 0);
            words[slot + 1] = withImm(words[slot + 1], (int) offset);
            references.put(slot, sym.type() == ElfFile.STT_SECTION || sym.name().isEmpty()
                    ? in.name() + "+" + offset
                    : sym.name() + (imm != 0 ? "+" + imm : "") + " (" + in.name() + ")");
        }

        /** The function that starts at {@code target} in {@code section}. */
        private Func function(int section, int target, int from) {
            if (section <= 0 || section >= elf.sections().size() || !elf.section(section).executable()) {
                throw new BpfException("linking program '" + program + "'", "instruction " + from
                        + " calls into section " + section + ", which holds no code");
            }
            Section sec = elf.section(section);
            Symbol sym = functionStarts.computeIfAbsent(section, Linker.this::startsIn).get((long) target * SLOT);
            if (sym != null) {
                return new Func(sec, sym);
            }
            throw new BpfException("linking program '" + program + "'", "instruction " + from + " calls instruction "
                    + target + " of section '" + sec.name() + "', where no function starts");
        }
    }

    private static long withImm(long word, int imm) {
        return (word & 0xffff_ffffL) | ((long) imm << 32);
    }

    private static long withSrc(long word, int src) {
        return (word & ~0xf000L) | ((long) src << 12);
    }
}
