package io.ebpf4j.prebuilt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Pins the program, map and variable names other modules code against, and checks that every
 * object is a BPF ELF that kept its BTF but not its DWARF.
 */
class ObjectContentsTest {

    /** ebpf-core's fixture objects, relative to this module (surefire runs in the module dir). */
    private static final Path FIXTURES = Path.of("..", "ebpf-core", "src", "test", "resources", "bpf");

    private static final Map<String, List<String>> FIXTURE_SYMBOLS = Map.of(
            "globals.bpf.o", List.of("globals_snapshot", "snapshot", "knob_u8", "knob_u32", "knob_u64",
                    "knob_name", "knob_struct", "data_u32", "data_u64", "data_bytes", "bss_u64", "bss_runs"),
            "ringbuf_producer.bpf.o", List.of("rb_produce", "perf_produce", "events", "perf_events",
                    "perf_scratch", "payload_len", "rb_seq", "rb_submitted", "rb_dropped", "perf_seq",
                    "perf_submitted", "perf_dropped"),
            "tracing.bpf.o", List.of("tp_getppid", "raw_tp_sys_enter", "uprobe_count", "kprobe_openat2",
                    "fentry_openat2", "tc_count", "getppid_calls", "counters", "target_tgid"),
            "maps_all.bpf.o", List.of("maps_touch", "maps_tail", "hash_map", "array_map", "mmap_array",
                    "percpu_hash", "percpu_array", "lru_hash", "lpm_trie", "queue", "stack", "prog_array",
                    "inner_a", "inner_b", "array_of_maps", "hash_of_maps"),
            "bad_verifier.bpf.o", List.of("good_pass", "bad_null_deref", "bad_packet_oob",
                    "bad_helper_for_type", "bad_values"),
            "policy_violations.bpf.o", List.of("signal_direct", "signal_indirect", "clean_loop", "send_it",
                    "add_tgid", "sum_cb", "counts", "target_tgid"),
            "ringbuf_reader_test.bpf.o", List.of("produce", "rb", "rb2", "rb_small", "pb", "stats", "scratch"));

    /** ebpf-core's libbpf feature-matrix objects (LoaderDifferentialTest), one per feature. */
    private static final Path FEATURES = FIXTURES.resolve("features");

    private static final Map<String, List<String>> FEATURE_SYMBOLS = Map.ofEntries(
            Map.entry("kconfig.bpf.o", List.of("kconfig_read", "LINUX_KERNEL_VERSION", "LINUX_HAS_SYSCALL_WRAPPER",
                    "CONFIG_BPF_SYSCALL", "CONFIG_HZ", "CONFIG_EBPF4J_NO_SUCH_OPTION")),
            Map.entry("ksyms.bpf.o", List.of("ksyms_read", "_stext", "ebpf4j_no_such_symbol")),
            Map.entry("ksym_var.bpf.o", List.of("ksym_var_read", "bpf_prog_active")),
            Map.entry("kfunc.bpf.o", List.of("kfunc_task", "bpf_task_acquire", "bpf_task_release")),
            Map.entry("datasec.bpf.o", List.of("datasec_count", "limit_low", "limit_high", "hits", "misses")),
            Map.entry("map_init.bpf.o", List.of("map_init_entry", "tail_a", "tail_b", "jump_table", "outer", "inner_one",
                    "inner_two")),
            Map.entry("subprogs.bpf.o", List.of("subprogs_static", "subprogs_global", "subprogs_loop", "subprogs_for_each",
                    "add_global", "values")),
            Map.entry("autoload_off.bpf.o", List.of("autoload_on", "autoload_off_xdp")),
            Map.entry("usdt.bpf.o", List.of("usdt_probe", "__bpf_usdt_specs", "LINUX_HAS_BPF_COOKIE")),
            Map.entry("ksyscall.bpf.o", List.of("ksys_kill", "ksys_getpid_rt", "LINUX_HAS_SYSCALL_WRAPPER")),
            Map.entry("kprobe_multi.bpf.o", List.of("multi_entry", "multi_exit")),
            Map.entry("uprobe_multi.bpf.o", List.of("umulti")),
            Map.entry("struct_ops.bpf.o", List.of("cc_ssthresh", "cc_undo_cwnd", "cc_cong_avoid", "ebpf4j_cc")),
            Map.entry("fentry.bpf.o", List.of("fentry_openat2", "fexit_openat2")),
            Map.entry("legacy_maps.bpf.o", List.of("legacy_xdp", "legacy_counts")));

    /** Product objects other than xdp_counter, with the names ebpf-hooks codes against. */
    private static final Map<String, List<String>> PRODUCT_SYMBOLS = Map.of(
            "syscall_latency.bpf.o", List.of("tp_enter_connect", "tp_exit_connect", "tp_enter_sendto",
                    "tp_exit_sendto", "tp_enter_recvfrom", "tp_exit_recvfrom", "tp_enter_sendmsg", "tp_exit_sendmsg",
                    "tp_enter_recvmsg", "tp_exit_recvmsg", "kp_connect", "krp_connect", "kp_sendto", "krp_sendto",
                    "kp_recvfrom", "krp_recvfrom", "kp_sendmsg", "krp_sendmsg", "kp_recvmsg", "krp_recvmsg",
                    "raw_sys_enter", "raw_sys_exit", "sl_config", "sl_start", "sl_hist", "sl_lost", "sl_events"),
            "net_events.bpf.o", List.of("ne_retransmit", "ne_set_state", "ne_kfree_skb", "ne_receive_reset",
                    "ne_send_reset", "ne_raw_retransmit", "ne_raw_set_state", "ne_raw_kfree_skb", "ne_raw_receive_reset",
                    "ne_raw_send_reset", "ne_config", "ne_peers", "ne_drops", "ne_lost", "ne_events"));

    @Test
    void productObjectsHaveTheirProgramsAndMaps() {
        PRODUCT_SYMBOLS.forEach((object, symbols) -> {
            ElfSymbols elf = checkedElf(Prebuilt.bundled().bytes(object));
            assertTrue(elf.symbols().containsAll(symbols), object + " symbols: " + elf.symbols());
        });
    }

    @Test
    void xdpCounterHasItsProgramMapAndKnob() {
        ElfSymbols elf = checkedElf(XdpCounter.bytes());
        assertTrue(elf.symbols().containsAll(List.of(XdpCounter.PROGRAM, XdpCounter.STATS_MAP,
                XdpCounter.ONLY_ETHERTYPE_VARIABLE)), elf.symbols().toString());
        assertTrue(elf.sections().contains("xdp"), elf.sections().toString());
    }

    /** Names ebpf-hooks' io.ebpf4j.hooks.mesh.MeshFilterObject codes against. */
    @Test
    void meshObjectsHaveTheirProgramsMapsAndKnobs() {
        ElfSymbols filter = checkedElf(Prebuilt.bundled().bytes("mesh_filter.bpf.o"));
        assertTrue(filter.symbols().containsAll(List.of("mesh_filter", "ipv4_identities", "ipv6_identities",
                "identity_policy", "port_policy", "peer_counters", "probe_stats", "global_counters", "default_action",
                "probe_port", "node_identity", "guard_counters", "mesh_config", "probe_keys", "probe_window",
                "probe_buckets", "peer_binding")), filter.symbols().toString());
        assertTrue(filter.sections().contains("xdp"), filter.sections().toString());
        ElfSymbols fault = checkedElf(Prebuilt.bundled().bytes("mesh_fault.bpf.o"));
        assertTrue(fault.symbols().containsAll(List.of("mesh_probe_loss", "fault_counters", "probe_port",
                "drop_per_million")), fault.symbols().toString());
        assertTrue(fault.sections().contains("tc"), fault.sections().toString());
    }

    /** Names ebpf-heal's fault injector (io.ebpf4j.heal.experiment.fault) codes against. */
    @Test
    void faultInjectHasItsProgramAndMaps() {
        ElfSymbols elf = checkedElf(Prebuilt.bundled().bytes("fault_inject.bpf.o"));
        assertTrue(elf.symbols().containsAll(List.of("fault_inject", "fault_config", "fault_counters")),
                elf.symbols().toString());
        assertTrue(elf.sections().contains("tc"), elf.sections().toString());
    }

    @Test
    void fixtureObjectsMatchTheirManifestAndNames() {
        assumeTrue(Files.isDirectory(FIXTURES), "ebpf-core fixtures not next to this module");
        Prebuilt fixtures = Prebuilt.fromDirectory(FIXTURES);
        assertEquals(new TreeSet<>(FIXTURE_SYMBOLS.keySet()), new TreeSet<>(fixtures.names()));
        assertEquals(fixtures.manifest().clangMajor(), Prebuilt.bundled().manifest().clangMajor(),
                "both sets come from one build-bpf.sh run");
        FIXTURE_SYMBOLS.forEach((object, symbols) -> {
            ElfSymbols elf = checkedElf(fixtures.bytes(object));
            assertTrue(elf.symbols().containsAll(symbols), object + " symbols: " + elf.symbols());
        });
    }

    /**
     * The feature objects match their manifest and names and are stripped BPF objects with BTF. Unlike
     * the others they may have custom .data.* / .rodata.* sections: that is one of the features.
     */
    @Test
    void featureObjectsMatchTheirManifestAndNames() {
        assumeTrue(Files.isDirectory(FEATURES), "ebpf-core feature objects not next to this module");
        Prebuilt features = Prebuilt.fromDirectory(FEATURES);
        assertEquals(new TreeSet<>(FEATURE_SYMBOLS.keySet()), new TreeSet<>(features.names()));
        assertEquals(features.manifest().clangMajor(), Prebuilt.bundled().manifest().clangMajor(),
                "every set comes from one build-bpf.sh run");
        FEATURE_SYMBOLS.forEach((object, symbols) -> {
            ElfSymbols elf = ElfSymbols.read(features.bytes(object));
            assertEquals(ElfSymbols.EM_BPF, elf.machine());
            assertTrue(elf.sections().containsAll(List.of(".BTF", ".BTF.ext", "license")), object + ": " + elf.sections());
            assertFalse(elf.sections().stream().anyMatch(s -> s.startsWith(".debug_")), object + ": DWARF is stripped");
            assertTrue(elf.symbols().containsAll(symbols), object + " symbols: " + elf.symbols());
        });
    }

    private static ElfSymbols checkedElf(byte[] object) {
        ElfSymbols elf = ElfSymbols.read(object);
        assertEquals(ElfSymbols.EM_BPF, elf.machine());
        assertTrue(elf.sections().containsAll(List.of(".BTF", ".BTF.ext", "license")), elf.sections().toString());
        assertFalse(elf.sections().stream().anyMatch(s -> s.startsWith(".debug_")), "DWARF is stripped");
        // clang's merged constants (.rodata.cst16, .rodata.str1.1) would become extra internal maps
        assertFalse(elf.sections().stream().anyMatch(s -> s.startsWith(".rodata.") || s.startsWith(".data.")),
                "only .rodata/.data/.bss global sections: " + elf.sections());
        return elf;
    }
}
