package io.ebpf4j.prebuilt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Objects;

/**
 * A set of prebuilt BPF objects with their {@link Manifest}: hands out an object's bytes only
 * after checking its SHA-256 against the manifest.
 *
 * <p>{@link #bundled()} is ebpf4j's own objects (in this jar, under
 * {@code io/ebpf4j/prebuilt/}); {@link #fromClasspath(ClassLoader, String)} and
 * {@link #fromDirectory(Path)} open any directory laid out the same way (objects plus a
 * {@code MANIFEST.sha256}), e.g. the test fixtures of ebpf-core under {@code bpf/}.
 *
 * <p>Instances are immutable and thread-safe; the manifest is read once, when the set is opened.
 *
 * <pre>{@code
 * byte[] elf = Prebuilt.bundled().bytes("xdp_counter.bpf.o");
 * }</pre>
 */
public final class Prebuilt {

    /** Class-path directory of the objects bundled in this jar. */
    public static final String BUNDLED_DIRECTORY = "io/ebpf4j/prebuilt";

    /** File name suffix of every BPF object. */
    public static final String OBJECT_SUFFIX = ".bpf.o";

    /** Opens one file of the set; returns null when it does not exist. */
    @FunctionalInterface
    private interface Source {
        InputStream open(String fileName) throws IOException;
    }

    private static final class Bundled {
        static final Prebuilt INSTANCE = fromClasspath(Prebuilt.class.getClassLoader(), BUNDLED_DIRECTORY);
    }

    private final String location;
    private final Source source;
    private final Manifest manifest;

    private Prebuilt(String location, Source source) {
        this.location = location;
        this.source = source;
        this.manifest = Manifest.parse(new String(readRequired(Manifest.FILE_NAME), StandardCharsets.UTF_8));
    }

    /**
     * Returns ebpf4j's own prebuilt objects, shipped in this jar.
     *
     * @return the bundled set
     * @throws PrebuiltIntegrityException when the jar lacks its manifest or it is malformed
     */
    public static Prebuilt bundled() {
        return Bundled.INSTANCE;
    }

    /**
     * Opens a set on the class path.
     *
     * @param loader    the class loader to read resources with
     * @param directory resource directory holding {@code MANIFEST.sha256} and the objects,
     *                  e.g. {@code "bpf"} (no leading slash needed)
     * @return the set
     * @throws PrebuiltIntegrityException when the manifest is missing or malformed
     */
    public static Prebuilt fromClasspath(ClassLoader loader, String directory) {
        Objects.requireNonNull(loader, "loader");
        Objects.requireNonNull(directory, "directory");
        String dir = stripSlashes(directory);
        String prefix = dir.isEmpty() ? "" : dir + "/";
        return new Prebuilt("classpath:" + prefix, name -> loader.getResourceAsStream(prefix + name));
    }

    /**
     * Opens a set in a file-system directory.
     *
     * @param directory directory holding {@code MANIFEST.sha256} and the objects
     * @return the set
     * @throws PrebuiltIntegrityException when the manifest is missing or malformed
     */
    public static Prebuilt fromDirectory(Path directory) {
        Objects.requireNonNull(directory, "directory");
        Path dir = directory.toAbsolutePath().normalize();
        return new Prebuilt(dir.toString(), name -> {
            try {
                return Files.newInputStream(dir.resolve(name));
            } catch (NoSuchFileException e) {
                return null;
            }
        });
    }

    /**
     * Returns the manifest of this set.
     *
     * @return the manifest read when the set was opened
     */
    public Manifest manifest() {
        return manifest;
    }

    /**
     * Returns the object file names the manifest lists, sorted.
     *
     * @return names such as {@code xdp_counter.bpf.o}
     */
    public List<String> names() {
        return manifest.names();
    }

    /**
     * Tells whether the manifest lists an object.
     *
     * @param name file name ({@code xdp_counter.bpf.o}) or base name ({@code xdp_counter})
     * @return true when listed
     */
    public boolean contains(String name) {
        return manifest.sha256(fileName(name)).isPresent();
    }

    /**
     * Returns an object's bytes after checking them against the manifest's SHA-256.
     *
     * @param name file name ({@code xdp_counter.bpf.o}) or base name ({@code xdp_counter})
     * @return a fresh copy of the verified ELF bytes
     * @throws PrebuiltIntegrityException when the manifest does not list the object, the object
     *                                    is absent, or its digest differs from the manifest
     */
    public byte[] bytes(String name) {
        String file = fileName(name);
        String expected = manifest.sha256(file).orElseThrow(() -> new PrebuiltIntegrityException(file,
                file + " is not listed in " + location + Manifest.FILE_NAME + " (listed: " + names()
                        + "); add its source and run ebpf-native/build-bpf.sh"));
        byte[] data = readRequired(file);
        String actual = Manifest.hex(sha256(data));
        if (!actual.equals(expected)) {
            throw new PrebuiltIntegrityException(file, "SHA-256 of " + location + file + " is " + actual
                    + " but " + Manifest.FILE_NAME + " says " + expected
                    + "; the object was modified or the manifest is stale (run ebpf-native/build-bpf.sh)");
        }
        return data;
    }

    @Override
    public String toString() {
        return "Prebuilt[" + location + ", " + names() + "]";
    }

    private byte[] readRequired(String file) {
        try (InputStream in = source.open(file)) {
            if (in == null) {
                throw new PrebuiltIntegrityException(file, location + file + " is missing"
                        + (file.equals(Manifest.FILE_NAME) ? "" : " although " + Manifest.FILE_NAME + " lists it")
                        + "; rebuild with ebpf-native/build-bpf.sh");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new PrebuiltIntegrityException(file, "cannot read " + location + file + ": " + e.getMessage(), e);
        }
    }

    private static String fileName(String name) {
        Objects.requireNonNull(name, "name");
        String file = name.endsWith(OBJECT_SUFFIX) ? name : name + OBJECT_SUFFIX;
        if (!Manifest.isPlainFileName(file)) {
            throw new IllegalArgumentException("not a plain object file name: '" + name + "'");
        }
        return file;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing, yet every Java platform must provide it", e);
        }
    }

    private static String stripSlashes(String directory) {
        String dir = directory;
        while (dir.startsWith("/")) {
            dir = dir.substring(1);
        }
        while (dir.endsWith("/")) {
            dir = dir.substring(0, dir.length() - 1);
        }
        return dir;
    }
}
