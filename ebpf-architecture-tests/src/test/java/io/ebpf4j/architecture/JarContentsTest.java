package io.ebpf4j.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The library jars hold only the library: no test kit, experiment, CLI or JUnit classes (nor the netns
 * scaffolding that once lived in ebpf-core), each is a named Java module, and each ships with its
 * sources and javadoc jars. Reads the jars the reactor packaged before this module's tests (verify).
 */
class JarContentsTest {

    /** Entry prefixes no library jar may contain. */
    private static final List<String> FORBIDDEN = List.of(
            "io/ebpf4j/testkit/", "io/ebpf4j/heal/experiment/", "io/ebpf4j/examples/", "io/ebpf4j/junit/",
            "io/ebpf4j/netns/DemoMesh", "io/ebpf4j/netns/VethPair", "io/ebpf4j/netns/Commands",
            "io/ebpf4j/netns/Watchdog");

    private static final Map<String, String> MODULE_NAMES = Map.of(
            "ebpf-native", "io.ebpf4j.nativeobjects",
            "ebpf-core", "io.ebpf4j.core",
            "ebpf-hooks", "io.ebpf4j.hooks",
            "ebpf-heal", "io.ebpf4j.heal",
            "ebpf-testkit", "io.ebpf4j.testkit");

    @ParameterizedTest
    @ValueSource(strings = {"ebpf-native", "ebpf-core", "ebpf-hooks", "ebpf-heal"})
    void libraryJarsHoldNoTestKitExperimentOrCliClasses(String module) throws IOException {
        List<Path> jars = jarsOf(module);
        assertTrue(jars.contains(mainJar(module)), module + ": no main jar among " + jars);
        for (Path jar : jars) {
            List<String> found = new ArrayList<>();
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                zip.stream().map(ZipEntry::getName)
                        .filter(name -> FORBIDDEN.stream().anyMatch(name::startsWith))
                        .forEach(found::add);
            }
            assertEquals(List.of(), found, jar.getFileName() + " carries scaffolding");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ebpf-native", "ebpf-core", "ebpf-hooks", "ebpf-heal", "ebpf-testkit"})
    void publishedJarsAreNamedModulesWithSourcesAndJavadoc(String module) throws IOException {
        List<ModuleReference> found = new ArrayList<>(ModuleFinder.of(mainJar(module)).findAll());
        assertEquals(1, found.size(), module + " main jar as a module: " + found);
        ModuleDescriptor descriptor = found.get(0).descriptor();
        assertFalse(descriptor.isAutomatic(), module + " has no module-info");
        assertEquals(MODULE_NAMES.get(module), descriptor.name());
        assertTrue(descriptor.exports().stream().noneMatch(e -> PublicSignatures.isInternal(e.source()) && !e.isQualified()),
                module + " exports an internal package to everyone: " + descriptor.exports());

        List<Path> jars = jarsOf(module);
        String stem = stem(module);
        assertTrue(jars.contains(target(module).resolve(stem + "-sources.jar")), module + ": no sources jar in " + jars);
        assertTrue(jars.contains(target(module).resolve(stem + "-javadoc.jar")), module + ": no javadoc jar in " + jars);
    }

    private static Path target(String module) {
        return ProductionClasses.repositoryRoot().resolve(module).resolve("target");
    }

    /** {@code artifactId-version}, read from the main jar's name next to the module's classes. */
    private static String stem(String module) throws IOException {
        Path main = mainJar(module);
        String name = main.getFileName().toString();
        return name.substring(0, name.length() - ".jar".length());
    }

    private static Path mainJar(String module) throws IOException {
        return jarsOf(module).stream()
                .filter(j -> !j.getFileName().toString().endsWith("-sources.jar")
                        && !j.getFileName().toString().endsWith("-javadoc.jar"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(module + ": no jar in " + target(module)
                        + " (the tests run in the verify phase, after the reactor packaged it)"));
    }

    private static List<Path> jarsOf(String module) throws IOException {
        Path target = target(module);
        assertTrue(Files.isDirectory(target), target + " missing");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().startsWith(module + "-")
                            && f.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .toList();
        }
    }
}
