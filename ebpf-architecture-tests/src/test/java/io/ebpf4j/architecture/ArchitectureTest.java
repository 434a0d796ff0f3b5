package io.ebpf4j.architecture;

import org.junit.jupiter.api.Test;

/**
 * The layer rules of {@link ArchitectureRules}, over the production classes of every module. A failure
 * names each offending dependency.
 */
class ArchitectureTest {

    @Test
    void nothingImportsUpTheStack() {
        ArchitectureRules.layers().check(ProductionClasses.all());
    }

    @Test
    void hooksInternalsStayInHooks() {
        ArchitectureRules.hooksInternalStaysInHooks().check(ProductionClasses.all());
    }

    @Test
    void noLibraryModuleUsesTheTestKitTheExperimentOrTheCli() {
        ArchitectureRules.librariesUseNoScaffolding().check(ProductionClasses.all());
    }

    @Test
    void onlyTheFfmLeafAndTheLibbpfBindingsMakeDowncalls() {
        ArchitectureRules.onlyTheFfmLeafMakesDowncalls().check(ProductionClasses.all());
    }

    @Test
    void onlyInternalLibbpfBindsLibbpf() {
        ArchitectureRules.onlyInternalLibbpfBindsLibbpf().check(ProductionClasses.all());
    }

    @Test
    void noPackageCycles() {
        ArchitectureRules.noPackageCycles().check(ProductionClasses.all());
    }

    @Test
    void publicSignaturesOfExportedPackagesShowNoInternalType() {
        ArchitectureRules.publicSignaturesSpeakPublicTypes().check(ProductionClasses.all());
    }
}
