package io.ebpf4j;

import io.ebpf4j.kernel.BpfException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The global variables of an {@link ObjectSpec}, to read and set before load: this is how programs
 * take {@code const volatile} configuration. Every setter checks the value against the variable's BTF
 * type (size, signedness, range) and says what is wrong, naming the variable. {@code __kconfig} and
 * {@code __ksym} externs are listed too, but libbpf fills them at load: setting or reading one before
 * load is refused, naming the section and who fills it.
 *
 * <pre>{@code
 * spec.globals().set("target_tgid", pid);
 * spec.globals().set("ifname", "eth0");
 * }</pre>
 *
 * <p>Values are in the host's byte order, as the kernel reads them. Not thread-safe, like the spec.
 */
public final class Globals {
    private final Map<String, VariableSpec> variables;
    private final Map<String, byte[]> sectionData;
    private final String object;

    Globals(String object, List<VariableSpec> variables, Map<String, byte[]> sectionData) {
        this.object = object;
        Map<String, VariableSpec> byName = new LinkedHashMap<>();
        for (VariableSpec v : variables) {
            byName.putIfAbsent(v.name(), v);
        }
        this.variables = byName;
        this.sectionData = sectionData;
    }

    /** Every variable, in section order. */
    public List<VariableSpec> list() {
        return List.copyOf(variables.values());
    }

    /** The variable called {@code name}, if any. */
    public Optional<VariableSpec> find(String name) {
        return Optional.ofNullable(variables.get(name));
    }

    /**
     * The variable called {@code name}.
     *
     * @throws BpfException listing the variables there are, when there is none by that name
     */
    public VariableSpec variable(String name) {
        VariableSpec v = variables.get(name);
        if (v == null) {
            throw new BpfException("finding global variable '" + name + "' in object '" + object + "'",
                    variables.isEmpty() ? "the object has no global variables (or no BTF: build it with clang -g)"
                            : "no such variable; the object has: " + String.join(", ", variables.keySet()));
        }
        return v;
    }

    /** Sets an integer (or enum, or bool) variable; the value must fit its type. */
    public Globals set(String name, long value) {
        VariableSpec v = settable(name);
        if (v.kind() == VariableSpec.Kind.BOOL) {
            if (value != 0 && value != 1) {
                throw wrong(v, "a bool takes 0 or 1, not " + value);
            }
        } else if (v.kind() != VariableSpec.Kind.INTEGER) {
            throw wrong(v, "it is " + v.cType() + ", not an integer; use set(name, byte[]) or set(name, String)");
        } else {
            checkRange(v, value);
        }
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
        switch (v.size()) {
            case 1 -> b.put((byte) value);
            case 2 -> b.putShort((short) value);
            case 4 -> b.putInt((int) value);
            default -> b.putLong(value);
        }
        write(v, Arrays.copyOf(b.array(), v.size()));
        return this;
    }

    /** Sets a {@code bool} variable. */
    public Globals set(String name, boolean value) {
        VariableSpec v = settable(name);
        if (v.kind() != VariableSpec.Kind.BOOL && !(v.kind() == VariableSpec.Kind.INTEGER && v.size() == 1)) {
            throw wrong(v, "it is " + v.cType() + ", not a bool");
        }
        write(v, new byte[] {(byte) (value ? 1 : 0)});
        return this;
    }

    /** Sets a {@code char[N]} variable to a string (UTF-8), which must leave room for its NUL. */
    public Globals set(String name, String value) {
        VariableSpec v = settable(name);
        if (v.kind() != VariableSpec.Kind.CHARS) {
            throw wrong(v, "it is " + v.cType() + ", not a char array");
        }
        byte[] s = value.getBytes(StandardCharsets.UTF_8);
        if (s.length >= v.size()) {
            throw wrong(v, "\"" + value + "\" takes " + s.length + " bytes plus its NUL; the variable holds " + v.size());
        }
        write(v, Arrays.copyOf(s, v.size()));
        return this;
    }

    /** Sets any variable to exactly its size in bytes (structs, arrays). */
    public Globals set(String name, byte[] value) {
        VariableSpec v = settable(name);
        if (value.length != v.size()) {
            throw wrong(v, "it is " + v.size() + " bytes (" + v.cType() + "), the value is " + value.length);
        }
        write(v, value.clone());
        return this;
    }

    /** The bytes a variable will be loaded with. */
    public byte[] bytes(String name) {
        VariableSpec v = known(name);
        byte[] data = section(v);
        return Arrays.copyOfRange(data, v.offset(), v.offset() + v.size());
    }

    /** The value an integer variable will be loaded with (sign-extended when signed). */
    public long getLong(String name) {
        VariableSpec v = known(name);
        if (v.kind() != VariableSpec.Kind.INTEGER && v.kind() != VariableSpec.Kind.BOOL) {
            throw wrong(v, "it is " + v.cType() + ", not an integer");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes(name)).order(ByteOrder.nativeOrder());
        return switch (v.size()) {
            case 1 -> v.signed() ? b.get() : Byte.toUnsignedLong(b.get());
            case 2 -> v.signed() ? b.getShort() : Short.toUnsignedLong(b.getShort());
            case 4 -> v.signed() ? b.getInt() : Integer.toUnsignedLong(b.getInt());
            default -> b.getLong();
        };
    }

    /** The string a {@code char[N]} variable will be loaded with. */
    public String getString(String name) {
        byte[] raw = bytes(name);
        int end = 0;
        while (end < raw.length && raw[end] != 0) {
            end++;
        }
        return new String(raw, 0, end, StandardCharsets.UTF_8);
    }

    /** The variable, if the object gives it its value (so it can be set before load). */
    private VariableSpec settable(String name) {
        VariableSpec v = variable(name);
        if (v.filledByLibbpf()) {
            throw new BpfException("setting global variable '" + name + "' of object '" + object + "'", 0,
                    filledBy(v) + "; it cannot be set before load", remedy(v));
        }
        return v;
    }

    /** The variable, if its value is known before load. */
    private VariableSpec known(String name) {
        VariableSpec v = variable(name);
        if (v.filledByLibbpf()) {
            throw new BpfException("reading global variable '" + name + "' of object '" + object + "'", 0,
                    filledBy(v) + "; its value is known only once the object is loaded", remedy(v));
        }
        return v;
    }

    private static String filledBy(VariableSpec v) {
        return switch (v.origin()) {
            case KCONFIG -> "it is a __kconfig extern in section .kconfig, which libbpf fills at load from the running"
                    + " kernel (its version, its configuration and libbpf's own feature probes)";
            case KSYMS -> "it is a __ksym extern in section .ksyms, which libbpf fills at load with the running kernel's"
                    + " symbol (found in the kernel's BTF, or in /proc/kallsyms when untyped)";
            case OBJECT -> "it is set by the object";
        };
    }

    private static String remedy(VariableSpec v) {
        return v.origin() == VariableSpec.Origin.KCONFIG
                ? "to choose the value yourself, declare it as a const volatile variable (.rodata) instead of a __kconfig extern"
                : "read it in the loaded program; a __ksym extern always takes the kernel's value";
    }

    private static void checkRange(VariableSpec v, long value) {
        int bits = v.size() * 8;
        if (bits == 64) {
            return; // every long is a valid bit pattern; unsigned 64-bit values beyond Long.MAX_VALUE are negative longs
        }
        long min = v.signed() ? -(1L << (bits - 1)) : 0;
        long max = v.signed() ? (1L << (bits - 1)) - 1 : (1L << bits) - 1;
        if (value < min || value > max) {
            throw new BpfException("setting global variable '" + v.name() + "'",
                    value + " does not fit " + v.cType() + " (" + min + " to " + max + ")");
        }
    }

    private BpfException wrong(VariableSpec v, String why) {
        return new BpfException("setting global variable '" + v.name() + "' of object '" + object + "'", why);
    }

    private byte[] section(VariableSpec v) {
        byte[] data = sectionData.get(v.internalMap());
        if (data == null || v.offset() + v.size() > data.length) {
            throw new BpfException("reading global variable '" + v.name() + "'",
                    "its section " + v.section() + " has no data in this object");
        }
        return data;
    }

    private void write(VariableSpec v, byte[] value) {
        System.arraycopy(value, 0, section(v), v.offset(), value.length);
    }
}
