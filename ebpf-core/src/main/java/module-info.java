/**
 * ebpf4j core: capability detection, validation, CO-RE loading, maps, ring buffers and links over the
 * system libbpf, through Panama FFM.
 *
 * <p>Run with {@code --enable-native-access=io.ebpf4j.core} on the module path
 * ({@code --enable-native-access=ALL-UNNAMED} on the class path).
 *
 * <p>Only the API packages are exported. The {@code io.ebpf4j.internal} packages (FFM plumbing, the
 * libbpf bindings, OS calls, ELF and BTF readers) are exported to no module: no ebpf4j module outside
 * this one needs them.
 */
module io.ebpf4j.core {
    requires org.slf4j;

    exports io.ebpf4j;
    exports io.ebpf4j.kernel;
    exports io.ebpf4j.asm;
    exports io.ebpf4j.btf;
    exports io.ebpf4j.features;
    exports io.ebpf4j.link;
    exports io.ebpf4j.map;
    exports io.ebpf4j.netns;
    exports io.ebpf4j.perf;
    exports io.ebpf4j.ringbuf;
    exports io.ebpf4j.validate;
}
