package io.ebpf4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ebpf4j.features.CapabilityReport;
import io.ebpf4j.features.Jit;
import io.ebpf4j.features.KernelCapabilities;
import io.ebpf4j.features.KernelConfig;
import io.ebpf4j.features.KernelInfo;
import io.ebpf4j.features.LibBpfInfo;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link DoctorJson} on a report with awkward text and absent values: what goes in comes back out. */
class DoctorJsonTest {
    /** Quotes, backslashes, line breaks, a control character, non-ASCII. */
    private static final String AWKWARD = "say \"no\" \\ to\nnew\r\nlines\tand \u0001, ünïcode ✓";

    @Test
    void awkwardTextRoundTripsAndAbsentValuesAreNull() {
        CapabilityReport r = KernelCapabilities.cached();
        CapabilityReport odd = new CapabilityReport(r.probedAt(), new KernelInfo(AWKWARD, Optional.empty(), "x86_64"),
                new LibBpfInfo(false, "", "/opt/" + AWKWARD, AWKWARD), r.privileges(), r.filesystems(), r.btf(), r.lockdown(),
                new Jit(1, 0, 1, Optional.empty()), KernelConfig.absent(AWKWARD), r.programTypes(), r.mapTypes(), r.helpers(),
                r.features());

        String text = DoctorJson.render(odd);
        assertFalse(text.contains("\n") || text.contains("\r") || text.contains("\u0001"), "control characters escaped: " + text);
        JsonNode json = Cli.json(text);
        assertFalse(json.get("ok").booleanValue());
        assertEquals(List.of("libbpf unusable: " + AWKWARD), DoctorCommandTest.texts(json.get("basicsMissing")));
        assertEquals(AWKWARD, json.requiredAt("/kernel/release").textValue());
        assertTrue(json.requiredAt("/kernel/version").isNull(), "unknown version is null");
        assertFalse(json.requiredAt("/libbpf/usable").booleanValue());
        assertEquals("/opt/" + AWKWARD, json.requiredAt("/libbpf/path").textValue());
        assertEquals(AWKWARD, json.requiredAt("/libbpf/problem").textValue());
        assertTrue(json.requiredAt("/jit/alwaysOn").isNull(), "unknown alwaysOn is null");
        assertTrue(json.requiredAt("/kernelConfig/source").isNull(), "absent config has no source");
        assertEquals(0, json.requiredAt("/kernelConfig/options").intValue());
        assertEquals(AWKWARD, json.requiredAt("/kernelConfig/absentReason").textValue());
    }

    @Test
    void aKnownJitAlwaysOnIsWrittenAsAString() {
        CapabilityReport r = KernelCapabilities.cached();
        CapabilityReport on = new CapabilityReport(r.probedAt(), r.kernel(), r.libbpf(), r.privileges(), r.filesystems(), r.btf(),
                r.lockdown(), new Jit(1, 2, 0, Optional.of(true)), r.config(), r.programTypes(), r.mapTypes(), r.helpers(),
                r.features());
        JsonNode json = Cli.json(DoctorJson.render(on));
        assertTrue(json.requiredAt("/jit/alwaysOn").isTextual(), "a string, as it always was: " + json.get("jit"));
        assertEquals("true", json.requiredAt("/jit/alwaysOn").textValue());
        assertEquals(2, json.requiredAt("/jit/harden").intValue());
    }
}
