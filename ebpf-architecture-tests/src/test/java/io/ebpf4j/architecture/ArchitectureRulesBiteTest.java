package io.ebpf4j.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import io.ebpf4j.internal.fixture.HiddenFixture;
import io.ebpf4j.link.fixture.UpwardImportFixture;
import io.ebpf4j.map.fixture.DowncallFixture;
import io.ebpf4j.map.fixture.LeakyApiFixture;
import io.ebpf4j.map.fixture.TestKitUserFixture;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules bite: each one, evaluated against a deliberately violating fixture class (kept in this
 * module's test sources, never in a production import), reports that class by name.
 */
class ArchitectureRulesBiteTest {

    @Test
    void anUpwardImportAddedToTheProductionClassesFailsTheLayerRule() {
        JavaClasses withFixture = ProductionClasses.allPlus(UpwardImportFixture.class);
        assertTrue(withFixture.contain(UpwardImportFixture.class), "the fixture was imported");

        List<String> fixtureLines = violationsNaming(ArchitectureRules.layers(), withFixture,
                UpwardImportFixture.class);

        assertFalse(fixtureLines.isEmpty(), "the layer rule did not report " + UpwardImportFixture.class.getName());
        fixtureLines.forEach(l -> System.out.println("layer rule on the upward-import fixture: " + l));
        assertTrue(fixtureLines.stream().anyMatch(l -> l.contains("io.ebpf4j.hooks.identity.SpiffeId")),
                "the report names the hooks type imported from below: " + fixtureLines);
    }

    @Test
    void theProductionImportNeverContainsTheFixtures() {
        JavaClasses production = ProductionClasses.all();
        assertFalse(production.contain(UpwardImportFixture.class));
        assertFalse(production.contain(LeakyApiFixture.class));
    }

    @Test
    void libraryCodeUsingTheTestKitIsReported() {
        List<String> lines = violationsNaming(ArchitectureRules.librariesUseNoScaffolding(),
                importOf(TestKitUserFixture.class), TestKitUserFixture.class);
        assertTrue(lines.stream().anyMatch(l -> l.contains("io.ebpf4j.testkit.Commands")), lines.toString());
    }

    @Test
    void aDowncallOutsideTheFfmLeafIsReported() {
        List<String> lines = violationsNaming(ArchitectureRules.onlyTheFfmLeafMakesDowncalls(),
                importOf(DowncallFixture.class), DowncallFixture.class);
        assertTrue(lines.stream().anyMatch(l -> l.contains("java.lang.foreign.Linker")), lines.toString());
    }

    @Test
    void openingLibbpfOutsideInternalLibbpfIsReported() {
        List<String> lines = violationsNaming(ArchitectureRules.onlyInternalLibbpfBindsLibbpf(),
                importOf(DowncallFixture.class), DowncallFixture.class);
        assertTrue(lines.stream().anyMatch(l -> l.contains("libraryLookup")), lines.toString());
    }

    @Test
    void anInternalTypeInAPublicSignatureIsReported() {
        List<String> lines = violationsNaming(ArchitectureRules.publicSignaturesSpeakPublicTypes(),
                importOf(LeakyApiFixture.class, HiddenFixture.class), LeakyApiFixture.class);
        assertTrue(lines.stream().anyMatch(l -> l.contains("hidden()") && l.contains(HiddenFixture.class.getName())),
                lines.toString());
    }

    @Test
    void aPackageCycleIsReported() {
        EvaluationResult result = ArchitectureRules.noPackageCycles()
                .evaluate(importOf(LeakyApiFixture.class, HiddenFixture.class));
        String report = String.join("\n", result.getFailureReport().getDetails());
        assertTrue(result.hasViolation(), "no cycle reported");
        assertTrue(report.contains("io.ebpf4j.map.fixture") && report.contains("io.ebpf4j.internal.fixture"), report);
    }

    @Test
    void theRootPackageIsASliceOfItsOwn() {
        JavaClass root = ProductionClasses.all().stream()
                .filter(c -> c.getPackageName().equals("io.ebpf4j"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no class in the root package io.ebpf4j was imported"));
        assertEquals(SliceIdentifier.of("io.ebpf4j"), ArchitectureRules.EACH_PACKAGE.getIdentifierOf(root));
    }

    private static JavaClasses importOf(Class<?>... classes) {
        return new ClassFileImporter().importClasses(classes);
    }

    /** The lines of the rule's failure report that name {@code offender}. */
    private static List<String> violationsNaming(ArchRule rule, JavaClasses classes, Class<?> offender) {
        EvaluationResult result = rule.evaluate(classes);
        return result.getFailureReport().getDetails().stream()
                .filter(line -> line.contains(offender.getName()))
                .toList();
    }
}
