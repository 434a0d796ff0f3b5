package io.ebpf4j.kernel;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A verifier log, read far enough to say where and why a program was refused: the failing
 * instruction, the source line (from the program's BTF line info) and a hint in plain words for the
 * common failures.
 *
 * @param text           the whole log
 * @param failingInsn    the index of the last instruction the verifier printed before it gave up
 * @param sourceLine     the last source line the log annotated before the failure
 * @param error          the verifier's own error line
 * @param hint           what the failure usually means and how to fix it
 */
public record VerifierLog(String text, OptionalInt failingInsn, Optional<String> sourceLine, Optional<String> error,
                          Optional<String> hint) {

    private static final Pattern INSN = Pattern.compile("^(\\d+): \\(");
    private static final List<Rule> RULES = List.of(
            new Rule("(invalid mem access '(map_value_or_null|ptr_or_null|.*_or_null)')|(R\\d+ type=\\S+_or_null expected)",
                    "a pointer that may be NULL is used without a check: test the result of bpf_map_lookup_elem "
                            + "(or the helper that returned it) against NULL before dereferencing it"),
            new Rule("(invalid access to packet)|(offset is outside of the packet)|(R\\d+ invalid mem access 'pkt)",
                    "packet data is read without a bounds check: compare the pointer plus the access size against "
                            + "data_end (ctx->data_end) before reading"),
            new Rule("(unbounded memory access)|(min value is outside of the allowed memory range)"
                    + "|(max value is outside of the allowed memory range)|(unbounded min value)|(invalid access to map value)",
                    "an access whose offset the verifier cannot bound: clamp the index (if (i >= N) return ...) "
                            + "or mask it before using it as an offset"),
            new Rule("(program of this type cannot use helper)|(unknown func)",
                    "the program calls a helper that this program type (or this kernel, or its lockdown mode) does "
                            + "not allow: use another helper or another program type; see `ebpf4j doctor` for the helpers available"),
            new Rule("(combined stack size)|(stack depth)|(invalid stack off=-)|(stack limit)",
                    "the program uses more than 512 bytes of stack: move large buffers into a per-CPU array map"),
            new Rule("(back-edge from insn)|(infinite loop detected)|(BPF program is too large)|(too many states)"
                    + "|(The sequence of \\d+ jumps is too complex)",
                    "the verifier could not prove the program ends within its limits: bound every loop with a constant "
                            + "(or use bpf_loop), and split large programs into tail calls or subprograms"),
            new Rule("(CO-RE relocation)|(failed to resolve CO-RE)|(bad CO-RE relo)|(0xbad2310)",
                    "a CO-RE relocation does not match this kernel: a field or type the program reads does not exist "
                            + "here; guard it with bpf_core_field_exists() or provide an external BTF file"),
            new Rule("(!read_ok)",
                    "a register is read before it was written: initialise the variable on every path"),
            new Rule("(GPL-compatible)|(cannot call GPL-restricted function)",
                    "the program calls a GPL-only helper: declare a GPL-compatible license (char LICENSE[] SEC(\"license\") = \"GPL\")"),
            new Rule("(invalid mem access 'scalar')|(invalid mem access 'inv')",
                    "a plain number is dereferenced as a pointer: read kernel memory through bpf_probe_read_kernel / BPF_CORE_READ"),
            new Rule("(dereference of modified ctx ptr)|(invalid bpf_context access)",
                    "the program context is read at an offset or size this program type does not allow"),
            new Rule("(ldimm64 failed to find the address for kernel symbol)",
                    "the kernel cannot find the address of a typed __ksym variable: it looks variables up in kallsyms, "
                            + "which lists them only on a kernel built with CONFIG_KALLSYMS_ALL=y"),
            new Rule("(Unreleased reference)",
                    "a reference (socket, ring buffer reservation, ...) is not released on every path: submit/discard or release it"));

    /** Every plain-words hint this reader can give, for documentation and its test. */
    public static List<String> knownHints() {
        return RULES.stream().map(Rule::hint).toList();
    }

    /** Reads a verifier log. */
    public static VerifierLog parse(String text) {
        String log = text == null ? "" : text;
        String[] lines = log.split("\n");
        int lastInsn = -1;
        int lastInsnLine = -1;
        for (int i = 0; i < lines.length; i++) {
            Matcher m = INSN.matcher(lines[i]);
            if (m.find()) {
                lastInsn = Integer.parseInt(m.group(1));
                lastInsnLine = i;
            }
        }
        String source = null;
        for (int i = lastInsnLine < 0 ? lines.length - 1 : lastInsnLine; i >= 0; i--) {
            if (lines[i].startsWith("; ")) {
                source = lines[i].substring(2).strip();
                break;
            }
        }
        String error = null;
        String hint = null;
        for (int i = lines.length - 1; i >= 0 && hint == null; i--) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("processed ") || line.startsWith("verification time")
                    || line.startsWith("stack depth")) {
                if (!line.startsWith("stack depth")) {
                    continue;
                }
            }
            for (Rule r : RULES) {
                if (r.pattern.matcher(line).find()) {
                    error = line.strip();
                    hint = r.hint;
                    break;
                }
            }
        }
        if (error == null) {
            for (int i = lines.length - 1; i >= 0; i--) {
                String line = lines[i].strip();
                if (!line.isEmpty() && !line.startsWith("processed ") && !line.startsWith("verification time")) {
                    error = line;
                    break;
                }
            }
        }
        return new VerifierLog(log, lastInsn < 0 ? OptionalInt.empty() : OptionalInt.of(lastInsn),
                Optional.ofNullable(source), Optional.ofNullable(error), Optional.ofNullable(hint));
    }

    /** One line: the verifier's error, the failing instruction and its source line. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        error.ifPresent(e -> sb.append(e));
        failingInsn.ifPresent(i -> sb.append(sb.isEmpty() ? "" : " ").append("at instruction ").append(i));
        sourceLine.ifPresent(s -> sb.append(" (").append(s).append(')'));
        return sb.toString();
    }

    private record Rule(Pattern pattern, String hint) {
        Rule(String regex, String hint) {
            this(Pattern.compile(regex), hint);
        }
    }
}
