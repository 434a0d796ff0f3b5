package io.ebpf4j.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;

/**
 * The layer rules of ebpf4j, checked over the production classes of every module by
 * {@link ArchitectureTest}. From the top of the stack down:
 *
 * <pre>
 * CLI (io.ebpf4j.examples)
 *   -> experiment (io.ebpf4j.heal.experiment), agent (io.ebpf4j.agent; the per-node process, no test kit)
 *     -> heal (io.ebpf4j.heal)        -> test kit (io.ebpf4j.testkit; only the experiment and the CLI use it)
 *       -> hooks (io.ebpf4j.hooks)
 *         -> core API (io.ebpf4j and its public packages)      -> native objects (io.ebpf4j.prebuilt)
 *           -> core internal (io.ebpf4j.internal)
 *             -> kernel vocabulary (io.ebpf4j.kernel: exceptions, Errno, ProgramType, ...)
 * </pre>
 *
 * A layer may use the layers below it and never one above.
 */
final class ArchitectureRules {

    /** The public packages of ebpf-core above its internals (the root package included). */
    static final String[] CORE_API = {
        "io.ebpf4j", "io.ebpf4j.asm..", "io.ebpf4j.btf..", "io.ebpf4j.features..", "io.ebpf4j.link..",
        "io.ebpf4j.map..", "io.ebpf4j.netns..", "io.ebpf4j.perf..", "io.ebpf4j.ringbuf..", "io.ebpf4j.validate.."
    };

    /** What no library jar may contain or use: the test kit, the experiment, the CLI, the old JUnit package. */
    static final String[] SCAFFOLDING = {
        "io.ebpf4j.testkit..", "io.ebpf4j.heal.experiment..", "io.ebpf4j.examples..", "io.ebpf4j.junit.."
    };

    /** The FFM leaf and the libbpf bindings: the only packages that create downcalls. */
    static final String[] DOWNCALL_MAKERS = {"io.ebpf4j.internal.ffi..", "io.ebpf4j.internal.libbpf.."};

    private static final DescribedPredicate<JavaClass> HEAL =
            resideInAPackage("io.ebpf4j.heal..").and(not(resideInAPackage("io.ebpf4j.heal.experiment..")))
                    .as("io.ebpf4j.heal.. but not the experiment");

    private static final DescribedPredicate<JavaClass> LIBRARY =
            resideInAPackage("io.ebpf4j..").and(not(resideInAnyPackage(SCAFFOLDING)))
                    .as("library classes (ebpf-native, ebpf-core, ebpf-hooks, ebpf-heal, ebpf-agent)");

    private ArchitectureRules() {
    }

    /** Nothing imports up the stack. */
    static ArchRule layers() {
        return layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("CLI").definedBy("io.ebpf4j.examples..")
                .layer("Experiment").definedBy("io.ebpf4j.heal.experiment..")
                .layer("Agent").definedBy("io.ebpf4j.agent..")
                .layer("Heal").definedBy(HEAL)
                .layer("TestKit").definedBy("io.ebpf4j.testkit..")
                .layer("Hooks").definedBy("io.ebpf4j.hooks..")
                .layer("NativeObjects").definedBy("io.ebpf4j.prebuilt..")
                .layer("CoreApi").definedBy(CORE_API)
                .layer("CoreInternal").definedBy("io.ebpf4j.internal..")
                .layer("KernelVocabulary").definedBy("io.ebpf4j.kernel..")

                .whereLayer("CLI").mayNotBeAccessedByAnyLayer()
                .whereLayer("Experiment").mayOnlyBeAccessedByLayers("CLI")
                .whereLayer("Agent").mayOnlyBeAccessedByLayers("CLI")
                .whereLayer("Heal").mayOnlyBeAccessedByLayers("Agent", "Experiment", "CLI")
                .whereLayer("TestKit").mayOnlyBeAccessedByLayers("Experiment", "CLI")
                .whereLayer("Hooks").mayOnlyBeAccessedByLayers("Heal", "Agent", "Experiment", "CLI")
                .whereLayer("NativeObjects").mayNotAccessAnyLayer()
                .whereLayer("CoreApi").mayOnlyBeAccessedByLayers("Hooks", "Heal", "Agent", "TestKit", "Experiment", "CLI")
                .whereLayer("CoreInternal").mayOnlyBeAccessedByLayers("CoreApi")
                .whereLayer("CoreInternal").mayOnlyAccessLayers("KernelVocabulary")
                .whereLayer("KernelVocabulary").mayNotAccessAnyLayer()
                .because("ebpf4j is a stack (examples -> experiment -> heal -> hooks -> core -> core internal"
                        + " -> kernel vocabulary): a lower layer that imports a higher one ties the library to"
                        + " what is built on it");
    }

    /** {@code io.ebpf4j.hooks.internal} is used by ebpf-hooks only. */
    static ArchRule hooksInternalStaysInHooks() {
        return noClasses().that().resideOutsideOfPackage("io.ebpf4j.hooks..")
                .should().dependOnClassesThat().resideInAPackage("io.ebpf4j.hooks.internal..")
                .because("io.ebpf4j.hooks.internal is not exported by the module io.ebpf4j.hooks");
    }

    /** No library module depends on the test kit, the experiment or the CLI. */
    static ArchRule librariesUseNoScaffolding() {
        return noClasses().that(LIBRARY)
                .should().dependOnClassesThat().resideInAnyPackage(SCAFFOLDING)
                .because("the library jars hold only the library: the test kit, the experiment and the CLI"
                        + " are built on it, never under it");
    }

    /** Only the FFM leaf and the libbpf bindings touch the linker or symbol lookups. */
    static ArchRule onlyTheFfmLeafMakesDowncalls() {
        return noClasses().that().resideOutsideOfPackages(DOWNCALL_MAKERS)
                .should().dependOnClassesThat().belongToAnyOf(Linker.class, SymbolLookup.class)
                .because("downcall creation, errno capture and rethrow live in io.ebpf4j.internal.ffi (and the"
                        + " libbpf bindings in io.ebpf4j.internal.libbpf), made once, not beside each caller");
    }

    /** Only {@code io.ebpf4j.internal.libbpf} opens a native library (libbpf). */
    static ArchRule onlyInternalLibbpfBindsLibbpf() {
        DescribedPredicate<JavaMethodCall> opensALibrary = new DescribedPredicate<>(
                "SymbolLookup.libraryLookup (opening a native library such as libbpf)") {
            @Override
            public boolean test(JavaMethodCall call) {
                return call.getTargetOwner().isEquivalentTo(SymbolLookup.class)
                        && call.getName().equals("libraryLookup");
            }
        };
        return noClasses().that().resideOutsideOfPackage("io.ebpf4j.internal.libbpf..")
                .should().callMethodWhere(opensALibrary)
                .because("io.ebpf4j.internal.libbpf is the only code that binds libbpf");
    }

    /** Each io.ebpf4j package (the root package included) is a slice; no slices form a cycle. */
    static ArchRule noPackageCycles() {
        return slices().assignedFrom(EACH_PACKAGE).should().beFreeOfCycles();
    }

    /** Public or protected signatures of exported packages show no internal type. */
    static ArchRule publicSignaturesSpeakPublicTypes() {
        return classes().that(PublicSignatures.EXPORTED_API)
                .should(PublicSignatures.NOT_MENTION_INTERNAL_TYPES)
                .because("a user cannot name, build or rely on an internal type, and it is not exported"
                        + " on the module path");
    }

    /** One slice per package of io.ebpf4j (every package of every module, the root included). */
    static final SliceAssignment EACH_PACKAGE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String pkg = javaClass.getPackageName();
            return pkg.equals("io.ebpf4j") || pkg.startsWith("io.ebpf4j.")
                    ? SliceIdentifier.of(pkg)
                    : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "each io.ebpf4j package (the root package io.ebpf4j included)";
        }
    };
}
