package io.ebpf4j.testkit;

import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.features.CapabilityReport;
import io.ebpf4j.features.HelperRequirement;
import io.ebpf4j.features.CheckResult;
import io.ebpf4j.features.KernelCapabilities;
import io.ebpf4j.kernel.Requirement;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link RequiresKernel}: skips (or, in CI, fails) tests whose kernel
 * requirements this machine does not meet. Register it through the annotation.
 */
public final class RequiresKernelExtension implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback {
    /** System property that makes missing requirements fail tests instead of skipping them. */
    public static final String STRICT_PROPERTY = "ebpf4j.requireKernel";
    /** Environment variable that does the same. */
    public static final String STRICT_ENV = "EBPF4J_REQUIRE_KERNEL";

    private final Supplier<CapabilityReport> report;
    private final Function<String, String> env;

    /** The extension as JUnit creates it: the cached report, the process environment. */
    public RequiresKernelExtension() {
        this(KernelCapabilities::cached, System::getenv);
    }

    RequiresKernelExtension(Supplier<CapabilityReport> report, Function<String, String> env) {
        this.report = report;
        this.env = env;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        CheckResult result = check(context);
        if (result.ok()) {
            return ConditionEvaluationResult.enabled("kernel requirements met");
        }
        if (strict()) {
            return ConditionEvaluationResult.enabled("kernel requirements missing; failing because " + strictReason());
        }
        return ConditionEvaluationResult.disabled("kernel requirements missing:\n" + result.describe());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        failIfStrict(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        failIfStrict(context);
    }

    private void failIfStrict(ExtensionContext context) {
        if (strict()) {
            CheckResult result = check(context);
            if (!result.ok()) {
                throw new AssertionError("kernel requirements missing (" + strictReason() + "):\n" + result.describe(),
                        firstCause(result));
            }
        }
    }

    private static Throwable firstCause(CheckResult result) {
        return result.missing().getFirst().toException();
    }

    private CheckResult check(ExtensionContext context) {
        Set<Requirement> wanted = new LinkedHashSet<>();
        context.getTestClass().ifPresent(c -> collect(c, wanted));
        context.getTestMethod().ifPresent(m -> collect(m, wanted));
        return wanted.isEmpty() ? new CheckResult(List.of()) : report.get().check(wanted);
    }

    private static void collect(AnnotatedElement element, Set<Requirement> into) {
        Optional<RequiresKernel> a = AnnotationSupport.findAnnotation(element, RequiresKernel.class);
        if (a.isEmpty() && element instanceof Class<?> c) {
            // nested test classes inherit the requirements of their enclosing classes
            for (Class<?> outer = c.getEnclosingClass(); outer != null && a.isEmpty(); outer = outer.getEnclosingClass()) {
                a = AnnotationSupport.findAnnotation(outer, RequiresKernel.class);
            }
        }
        a.ifPresent(r -> {
            List<Requirement> all = new ArrayList<>(Arrays.asList(r.value()));
            all.addAll(Arrays.asList(r.programTypes()));
            all.addAll(Arrays.asList(r.mapTypes()));
            for (String h : r.helpers()) {
                all.add(helper(h, element));
            }
            into.addAll(all);
        });
    }

    /** "xdp:bpf_redirect" -> the helper requirement; anything else is a configuration error. */
    static HelperRequirement helper(String spec, AnnotatedElement where) {
        int colon = spec == null ? -1 : spec.indexOf(':');
        String hint = "@RequiresKernel(helpers = \"" + spec + "\") on " + where
                + ": expected \"program_type:helper\", e.g. \"xdp:bpf_redirect\"";
        if (colon <= 0) {
            throw new ExtensionConfigurationException(hint);
        }
        String type = spec.substring(0, colon).strip().toUpperCase(java.util.Locale.ROOT);
        ProgramType programType;
        try {
            programType = ProgramType.valueOf(type);
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(hint + " (no program type " + type.toLowerCase(java.util.Locale.ROOT)
                    + "; known: " + Arrays.stream(ProgramType.values()).map(t -> t.name().toLowerCase(java.util.Locale.ROOT)).toList() + ")");
        }
        try {
            return new HelperRequirement(programType, spec.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(hint + " (" + e.getMessage() + ")");
        }
    }

    boolean strict() {
        return !strictReason().isEmpty();
    }

    private String strictReason() {
        if ("false".equalsIgnoreCase(System.getProperty(STRICT_PROPERTY))) {
            return ""; // an explicit -Debpf4j.requireKernel=false wins over the environment
        }
        if ("true".equalsIgnoreCase(System.getProperty(STRICT_PROPERTY))) {
            return "-D" + STRICT_PROPERTY + "=true";
        }
        if ("true".equalsIgnoreCase(env.apply(STRICT_ENV))) {
            return STRICT_ENV + "=true";
        }
        if ("true".equalsIgnoreCase(env.apply("CI"))) {
            return "CI=true";
        }
        return "";
    }
}
