package io.ebpf4j.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The production classes of every ebpf4j module, read from each module's {@code target/classes} (not
 * from the test class path: the CLI's shaded jar would bring a copy of every class). The reactor has
 * compiled them before this module's tests run. Imported once per test JVM.
 */
final class ProductionClasses {

    /** Every module with production code the rules read, bottom of the stack first (not benchmarks). */
    static final List<String> MODULES = List.of(
            "ebpf-native", "ebpf-core", "ebpf-testkit", "ebpf-hooks", "ebpf-heal", "ebpf-agent", "ebpf-heal-experiment",
            "ebpf-examples");

    /** The library modules: what users put on their class or module path at run time. */
    static final List<String> LIBRARY_MODULES = List.of("ebpf-native", "ebpf-core", "ebpf-hooks", "ebpf-heal");

    private ProductionClasses() {
    }

    /** The repository root: the parent of this module's directory. */
    static Path repositoryRoot() {
        Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        return module.getParent();
    }

    /** {@code target/classes} of each of {@link #MODULES}; fails when one is missing or empty. */
    static List<Path> classDirectories() {
        List<Path> dirs = new ArrayList<>();
        for (String module : MODULES) {
            Path dir = repositoryRoot().resolve(module).resolve("target/classes");
            assertTrue(hasClassFiles(dir), dir + " has no class files: build the reactor first (./mvnw verify)");
            dirs.add(dir);
        }
        return dirs;
    }

    /** All production classes of all modules. */
    static JavaClasses all() {
        return Holder.CLASSES;
    }

    /**
     * All production classes plus the classes of the given test-source packages (the rule fixtures,
     * which live in this module's test classes).
     */
    static JavaClasses allPlus(Class<?>... fixturePackageMembers) {
        List<Path> paths = new ArrayList<>(classDirectories());
        List<String> fixtureDirs = new ArrayList<>();
        for (Class<?> member : fixturePackageMembers) {
            Path dir = testClassesOf(member);
            paths.add(dir);
            fixtureDirs.add(dir.toString() + "/");
        }
        ImportOption productionOrFixture = location ->
                ImportOption.Predefined.DO_NOT_INCLUDE_TESTS.includes(location)
                        || fixtureDirs.stream().anyMatch(d -> String.valueOf(location.asURI().getPath()).startsWith(d));
        return new ClassFileImporter().withImportOption(productionOrFixture).importPaths(paths);
    }

    /** The directory of {@code member}'s package in this module's compiled test classes. */
    private static Path testClassesOf(Class<?> member) {
        try {
            return Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .resolve(member.getPackageName().replace('.', '/'));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ClassFileImporter importer() {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS);
    }

    private static boolean hasClassFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".class"));
        } catch (IOException e) {
            return false;
        }
    }

    private static final class Holder {
        static final JavaClasses CLASSES = importer().importPaths(classDirectories());
    }
}
