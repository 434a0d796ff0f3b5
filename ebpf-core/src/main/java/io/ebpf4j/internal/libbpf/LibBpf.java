package io.ebpf4j.internal.libbpf;

import io.ebpf4j.internal.ffi.Downcalls;
import io.ebpf4j.internal.ffi.ErrnoMode;
import io.ebpf4j.kernel.LibBpfUnavailableException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loaded system libbpf: where it came from, its version, and its symbols.
 *
 * <p>This is the only place that opens libbpf. The library is found in this order: the system property
 * {@value #PATH_PROPERTY}, the environment variable {@value #PATH_ENV}, then {@code libbpf.so.1} through
 * the dynamic loader's search path and the usual library directories. Its version must be at least
 * {@value #MIN_MAJOR}.{@value #MIN_MINOR}; anything else raises a {@link LibBpfUnavailableException}
 * with the reason, never a JVM crash.
 *
 * <p>Handles are made through {@link Downcalls}; a symbol this libbpf lacks gives a handle that throws
 * a clear exception when called, and {@link #has(String)} lets callers degrade before that.
 */
public final class LibBpf {
    /** System property naming a libbpf shared object to use instead of the system one. */
    public static final String PATH_PROPERTY = "ebpf4j.libbpf.path";
    /** Environment variable naming a libbpf shared object to use instead of the system one. */
    public static final String PATH_ENV = "EBPF4J_LIBBPF_PATH";
    static final int MIN_MAJOR = 1;
    static final int MIN_MINOR = 0;

    private static final Logger LOG = LoggerFactory.getLogger(LibBpf.class);
    private static final String[] SEARCH_DIRS = {
        "/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib64",
        "/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/local/lib64", "/usr/local/lib",
    };

    private static final Object LOCK = new Object();
    private static volatile LibBpf instance;
    private static volatile LibBpfUnavailableException failure;

    /** The C functions bound below (public only because bindings need public interfaces; C is private). */
    private interface C {
        /** {@code libbpf_major_version} and {@code libbpf_minor_version}. */
        interface VersionPart { int call(); }
    }

    private final String path;
    private final SymbolLookup lookup;
    private final LibBpfVersion version;

    private LibBpf(String path, SymbolLookup lookup, LibBpfVersion version) {
        this.path = path;
        this.lookup = lookup;
        this.version = version;
    }

    /**
     * The loaded libbpf, loading it on first use.
     *
     * @throws LibBpfUnavailableException if libbpf is missing, cannot be loaded or is too old
     */
    public static LibBpf get() {
        LibBpf lib = instance;
        if (lib != null) {
            return lib;
        }
        synchronized (LOCK) {
            if (instance != null) {
                return instance;
            }
            if (failure != null) {
                throw new LibBpfUnavailableException(failure.getMessage().replaceFirst("^loading libbpf failed: ", ""),
                        failure.remedy().orElse(null), failure);
            }
            try {
                instance = load();
                LibBpfLog.install(instance);
                return instance;
            } catch (LibBpfUnavailableException e) {
                failure = e;
                throw e;
            }
        }
    }

    /** True when libbpf can be loaded here; never throws. */
    public static boolean isAvailable() {
        try {
            get();
            return true;
        } catch (LibBpfUnavailableException e) {
            return false;
        }
    }

    /** The file the library was loaded from (or the soname given to the loader). */
    public String path() {
        return path;
    }

    /** The version of the loaded libbpf. */
    public LibBpfVersion version() {
        return version;
    }

    /** Whether the loaded libbpf exports {@code symbol}. */
    public boolean has(String symbol) {
        return lookup.find(symbol).isPresent();
    }

    /** The address of {@code symbol}, when exported. */
    public Optional<MemorySegment> find(String symbol) {
        return lookup.find(symbol);
    }

    private static LibBpf load() {
        List<String> candidates = candidates();
        List<String> tried = new ArrayList<>();
        for (String candidate : candidates) {
            SymbolLookup lookup;
            try {
                lookup = SymbolLookup.libraryLookup(candidate, Arena.global());
            } catch (IllegalArgumentException e) {
                tried.add(candidate + " (" + e.getMessage() + ")");
                if (isOverride(candidate)) {
                    throw new LibBpfUnavailableException(
                            "the libbpf named by " + overrideSource() + " cannot be loaded: " + candidate
                                    + " (" + e.getMessage() + ")",
                            "point " + overrideSource() + " at a libbpf.so.1 built for this machine, or unset it to use the system libbpf",
                            e);
                }
                continue;
            }
            LibBpfVersion version = readVersion(lookup, candidate);
            if (!version.atLeast(MIN_MAJOR, MIN_MINOR)) {
                throw new LibBpfUnavailableException(
                        "libbpf " + version + " at " + candidate + " is too old; ebpf4j needs libbpf "
                                + MIN_MAJOR + "." + MIN_MINOR + " or newer",
                        "install libbpf 1.x (Debian/Ubuntu: apt-get install libbpf1; Fedora: dnf install libbpf)",
                        null);
            }
            LOG.debug("loaded libbpf {} from {}", version, candidate);
            return new LibBpf(candidate, lookup, version);
        }
        throw new LibBpfUnavailableException(
                "libbpf.so.1 was not found (tried: " + String.join(", ", tried) + ")",
                "install libbpf 1.x (Debian/Ubuntu: apt-get install libbpf1; Fedora: dnf install libbpf), "
                        + "or set -D" + PATH_PROPERTY + "=/path/to/libbpf.so.1 (or " + PATH_ENV + ")",
                null);
    }

    private static LibBpfVersion readVersion(SymbolLookup lookup, String candidate) {
        Optional<MemorySegment> major = lookup.find("libbpf_major_version");
        Optional<MemorySegment> minor = lookup.find("libbpf_minor_version");
        if (major.isEmpty() || minor.isEmpty()) {
            // libbpf_major_version exists since 0.6; a library without it is older than anything we support.
            return new LibBpfVersion(0, 0, 0, candidate);
        }
        try {
            int ma = Downcalls.bind(C.VersionPart.class, major.get(), ErrnoMode.RETURNED).call();
            int mi = Downcalls.bind(C.VersionPart.class, minor.get(), ErrnoMode.RETURNED).call();
            return new LibBpfVersion(ma, mi, patchFromFileName(candidate), candidate);
        } catch (RuntimeException e) {
            throw new LibBpfUnavailableException("cannot read the version of " + candidate, null, e);
        }
    }

    /** libbpf has no API for its patch level; the versioned file name (libbpf.so.1.1.2) has it. */
    static int patchFromFileName(String candidate) {
        try {
            Path real = Path.of(candidate).toRealPath();
            String name = real.getFileName().toString();
            int at = name.indexOf(".so.");
            if (at < 0) {
                return -1;
            }
            String[] parts = name.substring(at + 4).split("\\.");
            return parts.length >= 3 ? Integer.parseInt(parts[2]) : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    private static List<String> candidates() {
        List<String> out = new ArrayList<>();
        String prop = System.getProperty(PATH_PROPERTY);
        String env = System.getenv(PATH_ENV);
        if (prop != null && !prop.isBlank()) {
            out.add(prop);
            return out;
        }
        if (env != null && !env.isBlank()) {
            out.add(env);
            return out;
        }
        for (String dir : SEARCH_DIRS) {
            Path p = Path.of(dir, "libbpf.so.1");
            if (Files.exists(p)) {
                out.add(p.toString());
            }
        }
        out.add("libbpf.so.1"); // the dynamic loader's own search (LD_LIBRARY_PATH, ld.so.cache)
        return out;
    }

    private static boolean isOverride(String candidate) {
        return candidate.equals(System.getProperty(PATH_PROPERTY)) || candidate.equals(System.getenv(PATH_ENV));
    }

    private static String overrideSource() {
        return System.getProperty(PATH_PROPERTY) != null ? "-D" + PATH_PROPERTY : PATH_ENV;
    }
}
