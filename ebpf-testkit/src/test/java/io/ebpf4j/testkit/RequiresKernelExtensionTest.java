package io.ebpf4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.features.CapabilityReport;
import io.ebpf4j.features.KernelCapabilities;
import io.ebpf4j.features.KernelFeature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Runs small annotated test classes through the JUnit engine and checks that each is run, skipped
 * or failed exactly as this machine's report says.
 */
class RequiresKernelExtensionTest {
    private static final CapabilityReport REPORT = KernelCapabilities.cached();
    private String previous;

    // The inner classes are run by the test kit only (the engine skips them when found on their own,
    // because the property below is unset outside these runs).
    static final String INNER = "ebpf4j.test.inner";

    @RequiresKernel(KernelFeature.KPROBE_ATTACH)
    static class NeedsKprobe {
        @Test
        void probe() {
            org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean(INNER));
        }
    }

    @RequiresKernel(value = KernelFeature.BPF_SYSCALL)
    static class MethodLevel {
        @Test
        @RequiresKernel(programTypes = ProgramType.XDP)
        void xdp() {
            org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean(INNER));
        }

        @Test
        @RequiresKernel(KernelFeature.FENTRY_ATTACH)
        void fentry() {
            org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean(INNER));
        }
    }

    @RequiresKernel(helpers = {"kprobe:bpf_probe_write_user", "socket_filter:bpf_ktime_get_ns"})
    static class Helpers {
        @Test
        void probe() {
            org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean(INNER));
        }
    }

    @RequiresKernel(helpers = "bpf_redirect")
    static class BadHelperSpec {
        @Test
        void probe() {
            org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean(INNER));
        }
    }

    @BeforeEach
    void markInner() {
        System.setProperty(INNER, "true");
        previous = System.getProperty(RequiresKernelExtension.STRICT_PROPERTY);
    }

    @AfterEach
    void restore() {
        System.clearProperty(INNER);
        if (previous == null) {
            System.clearProperty(RequiresKernelExtension.STRICT_PROPERTY);
        } else {
            System.setProperty(RequiresKernelExtension.STRICT_PROPERTY, previous);
        }
    }

    private static EngineExecutionResults run(Class<?> c) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(c)).execute();
    }

    @Test
    void aMissingFeatureSkipsWithTheReasonOutsideCi() {
        System.setProperty(RequiresKernelExtension.STRICT_PROPERTY, "false"); // outside-CI behaviour, even in CI
        EngineExecutionResults events = run(NeedsKprobe.class);
        if (REPORT.has(KernelFeature.KPROBE_ATTACH)) {
            assertEquals(1, events.testEvents().succeeded().count());
        } else {
            // a class-level requirement skips the whole class
            events.containerEvents().assertThatEvents().haveExactly(1, event(container(NeedsKprobe.class),
                    skippedWithReason(r -> r.contains("kprobe attach") && r.contains("fallback: syscall tracepoints"))));
        }
    }

    @Test
    void aMissingFeatureFailsWithTheReasonInCi() {
        System.setProperty(RequiresKernelExtension.STRICT_PROPERTY, "true");
        EngineExecutionResults events = run(NeedsKprobe.class);
        if (REPORT.has(KernelFeature.KPROBE_ATTACH)) {
            assertEquals(1, events.testEvents().succeeded().count());
        } else {
            events.containerEvents().assertThatEvents().haveExactly(1, event(container(NeedsKprobe.class), finishedWithFailure(
                    message(m -> m.contains("kernel requirements missing") && m.contains("kprobe attach")))));
        }
    }

    @Test
    void classAndMethodRequirementsAddUp() {
        System.setProperty(RequiresKernelExtension.STRICT_PROPERTY, "false"); // outside-CI behaviour, even in CI
        EngineExecutionResults events = run(MethodLevel.class);
        boolean base = REPORT.has(KernelFeature.BPF_SYSCALL);
        long expectedRun = (base && REPORT.has(ProgramType.XDP) ? 1 : 0) + (base && REPORT.has(KernelFeature.FENTRY_ATTACH) ? 1 : 0);
        assertEquals(expectedRun, events.testEvents().succeeded().count());
        assertEquals(2 - expectedRun, events.testEvents().skipped().count());
        events.testEvents().skipped().stream().forEach(e -> assertTrue(
                e.getPayload(String.class).orElse("").contains("kernel requirements missing"), e.toString()));
    }

    @Test
    void helperRequirementsFollowTheirRealProbeLoads() {
        System.setProperty(RequiresKernelExtension.STRICT_PROPERTY, "false"); // outside-CI behaviour, even in CI
        EngineExecutionResults events = run(Helpers.class);
        boolean met = REPORT.has(new io.ebpf4j.features.HelperRequirement(ProgramType.KPROBE, "bpf_probe_write_user"))
                && REPORT.has(new io.ebpf4j.features.HelperRequirement(ProgramType.SOCKET_FILTER, "bpf_ktime_get_ns"));
        assertEquals(met ? 1 : 0, events.testEvents().succeeded().count());
        if (!met) {
            events.containerEvents().assertThatEvents().haveExactly(1, event(container(Helpers.class),
                    skippedWithReason(r -> r.contains("bpf_probe_write_user"))));
        }
    }

    @Test
    void aMalformedHelperSpecFailsWithAClearMessage() {
        EngineExecutionResults events = run(BadHelperSpec.class);
        events.containerEvents().assertThatEvents().haveExactly(1, event(container(BadHelperSpec.class), finishedWithFailure(
                message(m -> m.contains("expected \"program_type:helper\"") && m.contains("bpf_redirect")))));
    }
}
