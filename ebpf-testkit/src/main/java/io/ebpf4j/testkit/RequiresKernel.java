package io.ebpf4j.testkit;

import io.ebpf4j.kernel.MapType;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.features.KernelFeature;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class or method only where the kernel has what it needs:
 *
 * <pre>{@code
 * @RequiresKernel(value = {KernelFeature.XDP_ATTACH, KernelFeature.RING_BUFFER}, programTypes = ProgramType.XDP)
 * class XdpCounterTest { ... }
 * }</pre>
 *
 * <p>Where something is missing the test is skipped with the reason and remedy, except in CI
 * ({@code CI=true} or {@code EBPF4J_REQUIRE_KERNEL=true} in the environment, or the system property
 * {@code ebpf4j.requireKernel=true}; {@code -Debpf4j.requireKernel=false} overrides the environment), where it fails with them: a CI machine that lacks a feature is
 * a broken CI machine. Requirements on the class and on the method add up. The kernel is probed once
 * per JVM ({@link io.ebpf4j.features.KernelCapabilities#cached()}).
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RequiresKernelExtension.class)
public @interface RequiresKernel {
    /** Named kernel features. */
    KernelFeature[] value() default {};

    /** Program types that must load. */
    ProgramType[] programTypes() default {};

    /** Map types that must be creatable. */
    MapType[] mapTypes() default {};

    /**
     * Helpers a program type must be allowed to call, each as {@code "program_type:helper"}, e.g.
     * {@code "kprobe:bpf_probe_write_user"} or {@code "xdp:bpf_redirect"}.
     */
    String[] helpers() default {};
}
