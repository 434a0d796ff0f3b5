package io.ebpf4j.testutil;

import io.ebpf4j.ObjectSpec;
import io.ebpf4j.prebuilt.Prebuilt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The libbpf object-feature matrix: one object per feature libbpf 1.x handles, built from
 * ebpf-core/src/test/bpf/features (see each source's header for what it holds and needs). Each names the
 * words ebpf4j's error must contain where the running kernel or libbpf refuses the object.
 */
public enum FeatureMatrix {
    KCONFIG("kconfig", ".kconfig externs (LINUX_KERNEL_VERSION, LINUX_HAS_SYSCALL_WRAPPER, CONFIG_*, __weak)"),
    KSYMS("ksyms", ".ksyms externs: typeless (kallsyms) and __weak typed"),
    KSYM_VAR("ksym_var", "typed __ksym variable (per-CPU)", "__ksym", "CONFIG_KALLSYMS_ALL"),
    KFUNC("kfunc", "kfunc calls (typed __ksym functions)", "bpf_task_acquire"),
    DATASEC("datasec", "custom data sections (.data.*, .rodata.*)"),
    MAP_INIT("map_init", ".maps initialisers (.values) of a prog array and a map-in-map"),
    SUBPROGS("subprogs", "static and global subprograms, bpf_loop and bpf_for_each_map_elem callbacks"),
    AUTOLOAD_OFF("autoload_off", "SEC(\"?...\"): autoload off"),
    USDT("usdt", "USDT programs (usdt.bpf.h)"),
    KSYSCALL("ksyscall", "BPF_KSYSCALL: ksyscall/ and kretsyscall/ programs"),
    KPROBE_MULTI("kprobe_multi", "kprobe.multi / kretprobe.multi programs"),
    UPROBE_MULTI("uprobe_multi", "uprobe.multi programs", "uprobe.multi", "libbpf"),
    STRUCT_OPS("struct_ops", "struct_ops map and programs (tcp_congestion_ops)", "struct_ops"),
    FENTRY("fentry", "fentry/fexit programs (BPF trampolines)", "fentry"),
    LEGACY_MAPS("legacy_maps", "legacy SEC(\"maps\") map definitions", "SEC(\"maps\")", "libbpf 1.0");

    private static final Prebuilt SET = Prebuilt.fromClasspath(FeatureMatrix.class.getClassLoader(), "bpf/features");

    private final String object;
    private final String feature;
    private final List<String> refusalNames;

    FeatureMatrix(String object, String feature, String... refusalNames) {
        this.object = object;
        this.feature = feature;
        this.refusalNames = List.of(refusalNames);
    }

    /** The object's name, e.g. {@code kconfig} (file {@code kconfig.bpf.o}). */
    public String object() {
        return object;
    }

    /** The feature, in words. */
    public String feature() {
        return feature;
    }

    /** Words ebpf4j's error must contain where the object is refused (the feature, what is missing). */
    public List<String> refusalNames() {
        return refusalNames;
    }

    /** The object's bytes, checked against the set's manifest. */
    public byte[] bytes() {
        return SET.bytes(object);
    }

    /** Opens the object with ebpf4j, named as libbpf names it from its file. */
    public ObjectSpec open() {
        return ObjectSpec.open(bytes(), object);
    }

    /** Writes the object to {@code dir}/{@code <object>.bpf.o} (so libbpf derives the same object name). */
    public Path writeTo(Path dir) {
        try {
            return Files.write(dir.resolve(object + ".bpf.o"), bytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return object;
    }
}
