package io.ebpf4j.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HelperCatalogTest {

    @Test
    void theKernelCatalogMatchesWhatBpftoolReadsFromVmlinuxBtf() throws Exception {
        TestObjects.require(Files.isReadable(Path.of("/sys/kernel/btf/vmlinux")), "kernel BTF");
        TestObjects.require(TestObjects.hasTool("bpftool"), "bpftool");
        String raw = TestObjects.run(List.of("bpftool", "btf", "dump", "file", "/sys/kernel/btf/vmlinux", "format", "raw"));
        Map<Integer, String> expected = new TreeMap<>();
        boolean inEnum = false;
        for (String line : raw.split("\n")) {
            if (line.startsWith("[")) {
                inEnum = line.contains("ENUM 'bpf_func_id'");
                continue;
            }
            Matcher m = Pattern.compile("^\\s+'BPF_FUNC_(\\w+)' val=(\\d+)$").matcher(line);
            if (inEnum && m.matches() && !m.group(1).equals("unspec")) {
                expected.put(Integer.parseInt(m.group(2)), "bpf_" + m.group(1));
            }
        }
        HelperCatalog kernel = HelperCatalog.kernel();
        assertTrue(kernel.authoritative());
        assertEquals(expected, new TreeMap<>(kernel.asMap()));
    }

    @Test
    void builtinNamesAgreeWithTheKernelWhereBothHaveTheId() {
        HelperCatalog builtin = HelperCatalog.builtin();
        assertFalse(builtin.authoritative());
        HelperCatalog kernel = HelperCatalog.kernel();
        kernel.asMap().forEach((id, name) -> builtin.name(id).ifPresent(n -> assertEquals(name, n, "helper " + id)));
        assertTrue(builtin.asMap().size() > 200);
    }

    @Test
    void namesResolveWithOrWithoutPrefixes() {
        HelperCatalog c = HelperCatalog.fromBtf(Map.of(0, "BPF_FUNC_unspec", 1, "BPF_FUNC_map_lookup_elem",
                212, "__BPF_FUNC_MAX_ID"));
        assertEquals(Map.of(1, "bpf_map_lookup_elem"), c.asMap());
        assertEquals(OptionalInt.of(1), c.id("map_lookup_elem"));
        assertEquals(OptionalInt.of(1), c.id("BPF_FUNC_map_lookup_elem"));
        assertEquals(OptionalInt.of(1), c.id("bpf_map_lookup_elem"));
        assertEquals(OptionalInt.empty(), c.id("bpf_nope"));
        assertTrue(c.knows(1));
        assertFalse(c.knows(2));
    }
}
