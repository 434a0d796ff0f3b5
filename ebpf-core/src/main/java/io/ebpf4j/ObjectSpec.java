package io.ebpf4j;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.kernel.MapType;
import io.ebpf4j.kernel.AttachType;
import io.ebpf4j.internal.elf.ElfCheck;
import io.ebpf4j.internal.libbpf.NativeObject;
import io.ebpf4j.internal.libbpf.ObjectCalls;
import io.ebpf4j.validate.DeclaredProgram;
import io.ebpf4j.validate.ObjectPrograms;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A BPF ELF object before load: what it declares, which you can read and change. Nothing here lives
 * in the kernel and nothing needs closing; {@link #load()} turns the spec into a live
 * {@link BpfObject}.
 *
 * <pre>{@code
 * ObjectSpec spec = ObjectSpec.open(Path.of("counter.bpf.o"));
 * spec.program("xdp_count").setAutoload(true);
 * spec.map("events").setMaxEntries(1 << 20);
 * try (BpfObject obj = spec.load()) { ... }
 * }</pre>
 *
 * <p>Not thread-safe: configure a spec from one thread, then load it (a spec can be loaded many times).
 */
public final class ObjectSpec {
    private final byte[] elf;
    private final String name;
    private final OpenOptions options;
    private final Map<String, ProgramSpec> programs;
    private final Map<String, ObjectMapSpec> maps;
    private final Map<String, byte[]> sectionData;
    private final List<VariableSpec> variables;
    private final Globals globals;

    private ObjectSpec(byte[] elf, String name, OpenOptions options, Map<String, ProgramSpec> programs,
                       Map<String, ObjectMapSpec> maps, Map<String, byte[]> sectionData, List<VariableSpec> variables) {
        this.elf = elf;
        this.name = name;
        this.options = options;
        this.programs = programs;
        this.maps = maps;
        this.sectionData = sectionData;
        this.variables = variables;
        this.globals = new Globals(name, variables, sectionData);
    }

    /** Opens an object file. */
    public static ObjectSpec open(Path path) {
        return open(path, OpenOptions.DEFAULTS);
    }

    /** Opens an object file with options. */
    public static ObjectSpec open(Path path, OpenOptions options) {
        Objects.requireNonNull(path, "path");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new BpfException("opening BPF object " + path, 0, e.toString(),
                    Files.exists(path) ? "check that the file is readable" : "check the path: the file does not exist", e);
        }
        return open(bytes, defaultName(path.getFileName().toString()), options);
    }

    /** Opens an object from memory; {@code name} names it in errors and in the kernel. */
    public static ObjectSpec open(byte[] elf, String name) {
        return open(elf, name, OpenOptions.DEFAULTS);
    }

    /** Opens an object from memory with options. */
    public static ObjectSpec open(byte[] elf, String name, OpenOptions options) {
        Objects.requireNonNull(elf, "elf");
        Objects.requireNonNull(options, "options");
        String objName = options.objectName() != null ? options.objectName() : Objects.requireNonNull(name, "name");
        String problem = ElfCheck.problem(elf);
        if (problem != null) {
            throw new BpfException("opening BPF object '" + objName + "'", "malformed ELF: " + problem);
        }
        byte[] copy = elf.clone();
        try (NativeObject obj = ObjectLoader.open(copy, objName, options)) {
            Map<String, ProgramSpec> programs = new LinkedHashMap<>();
            for (MemorySegment p : obj.programs()) {
                String progName = ObjectCalls.programName(p);
                int type = ObjectCalls.programType(p);
                int attach = ObjectCalls.programExpectedAttachType(p);
                programs.put(progName, new ProgramSpec(progName, ObjectCalls.programSection(p),
                        ProgramType.of(type).orElse(ProgramType.UNSPEC),
                        type == 0 ? null : AttachType.of(attach).filter(a -> attach != 0 || usesAttachTypeZero(type)).orElse(null),
                        ObjectCalls.programAutoload(p), ObjectCalls.programInstructions(p)));
            }
            Map<String, ObjectMapSpec> maps = new LinkedHashMap<>();
            Map<String, MemorySegment> internal = new LinkedHashMap<>();
            for (MemorySegment m : obj.maps()) {
                String mapName = ObjectCalls.mapName(m);
                String pin = ObjectCalls.mapPinPath(m);
                boolean isInternal = ObjectCalls.mapIsInternal(m);
                maps.put(mapName, new ObjectMapSpec(mapName, MapType.of(ObjectCalls.mapType(m)).orElse(MapType.UNSPEC),
                        ObjectCalls.mapKeySize(m), ObjectCalls.mapValueSize(m), ObjectCalls.mapMaxEntries(m),
                        ObjectCalls.mapFlags(m), isInternal, ObjectCalls.mapBtfKeyTypeId(m),
                        ObjectCalls.mapBtfValueTypeId(m), pin == null ? null : Path.of(pin)));
                if (isInternal) {
                    internal.put(mapName, m);
                }
            }
            ObjectVariables.describeMaps(obj.handle(), objName, maps.values());
            // The data of the sections the object initialises; not .kconfig, which libbpf fills at load.
            Map<String, byte[]> data = new LinkedHashMap<>();
            Map<String, String> sectionMaps = new LinkedHashMap<>();
            internal.forEach((mapName, m) -> {
                ObjectMapSpec spec = maps.get(mapName);
                spec.dataSection().ifPresent(section -> sectionMaps.put(section, mapName));
                byte[] init = spec.filledByLibbpf() ? null : ObjectCalls.mapInitialValue(m);
                if (init != null) {
                    data.put(mapName, init);
                }
            });
            List<VariableSpec> variables = ObjectVariables.read(obj.handle(), objName, sectionMaps);
            return new ObjectSpec(copy, objName, options, programs, maps, data, variables);
        }
    }

    /** Opens an object packaged as a class-path resource (e.g. {@code /io/ebpf4j/prebuilt/xdp_counter.bpf.o}). */
    public static ObjectSpec fromResource(String resource) {
        return fromResource(ObjectSpec.class, resource);
    }

    /** Opens an object packaged as a resource, resolved against {@code anchor}'s class loader. */
    public static ObjectSpec fromResource(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource.startsWith("/") ? resource : "/" + resource)) {
            if (in == null) {
                throw new BpfException("opening BPF object resource " + resource,
                        "no such resource on the class path of " + anchor.getName());
            }
            String file = resource.substring(resource.lastIndexOf('/') + 1);
            return open(in.readAllBytes(), defaultName(file));
        } catch (IOException e) {
            throw new UncheckedIOException("reading resource " + resource, e);
        }
    }

    /**
     * The object's global variables ({@code .rodata}, {@code .data}, {@code .bss}, custom
     * {@code .data.*} / {@code .rodata.*}), to read and set before load, typed by the object's BTF; and
     * its {@code .kconfig} / {@code .ksyms} externs, which libbpf fills at load (listed, not settable).
     */
    public Globals globals() {
        return globals;
    }

    /** The object's name. */
    public String name() {
        return name;
    }

    /** The options it was opened with. */
    public OpenOptions options() {
        return options;
    }

    /** The programs, in ELF order. */
    public List<ProgramSpec> programs() {
        return List.copyOf(programs.values());
    }

    /**
     * The programs as the kernel will be given them, each linked with the subprograms it calls, with the
     * types and attach types this spec holds when they are first asked for: what validation before load
     * checks (see {@link ObjectPrograms}).
     *
     * @throws BpfException when the object's ELF cannot be read
     */
    public ObjectPrograms linkedPrograms() {
        return ObjectPrograms.of(name, elf, () -> programs.values().stream()
                .map(p -> new DeclaredProgram(p.name(), p.section(), p.type(), p.expectedAttachType(), p.autoload()))
                .toList());
    }

    /** The maps, in ELF order (internal maps for global variables included). */
    public List<ObjectMapSpec> maps() {
        return List.copyOf(maps.values());
    }

    /**
     * The program called {@code name}.
     *
     * @throws BpfException naming the programs there are, when there is none by that name
     */
    public ProgramSpec program(String name) {
        ProgramSpec p = programs.get(name);
        if (p == null) {
            throw new BpfException("finding program '" + name + "' in object '" + this.name + "'",
                    "no such program; the object has: " + String.join(", ", programs.keySet()));
        }
        return p;
    }

    /** The program called {@code name}, if any. */
    public Optional<ProgramSpec> findProgram(String name) {
        return Optional.ofNullable(programs.get(name));
    }

    /**
     * The map called {@code name}.
     *
     * @throws BpfException naming the maps there are, when there is none by that name
     */
    public ObjectMapSpec map(String name) {
        ObjectMapSpec m = maps.get(name);
        if (m == null) {
            throw new BpfException("finding map '" + name + "' in object '" + this.name + "'",
                    "no such map; the object has: " + String.join(", ", maps.keySet()));
        }
        return m;
    }

    /** The map called {@code name}, if any. */
    public Optional<ObjectMapSpec> findMap(String name) {
        return Optional.ofNullable(maps.get(name));
    }

    /**
     * Loads the object into the kernel with default options: every program that loads is first
     * validated against {@link io.ebpf4j.validate.Policy#defaults()}.
     *
     * @throws io.ebpf4j.validate.ValidationException listing every error, before anything is created in the kernel
     */
    public BpfObject load() {
        return load(LoadOptions.DEFAULTS);
    }

    /**
     * Loads the object into the kernel; validates first unless {@code loadOptions} say otherwise
     * ({@link LoadOptions#withoutValidation()}).
     *
     * @throws io.ebpf4j.validate.ValidationException listing every error, before anything is created in the kernel
     */
    public BpfObject load(LoadOptions loadOptions) {
        return ObjectLoader.load(this, loadOptions);
    }

    /** A deep copy, so one opened file can be configured two ways. */
    public ObjectSpec copy() {
        Map<String, ProgramSpec> p = new LinkedHashMap<>();
        programs.forEach((k, v) -> p.put(k, v.copy()));
        Map<String, ObjectMapSpec> m = new LinkedHashMap<>();
        maps.forEach((k, v) -> m.put(k, v.copy()));
        Map<String, byte[]> d = new LinkedHashMap<>();
        sectionData.forEach((k, v) -> d.put(k, v.clone()));
        return new ObjectSpec(elf, name, options, p, m, d, variables);
    }

    byte[] elf() {
        return elf;
    }

    /** Internal map name -> its current initial data (mutable, for global variables). */
    Map<String, byte[]> sectionData() {
        return sectionData;
    }

    /** The data of one internal map (e.g. {@code xdp_coun.rodata}) as it will be loaded. */
    public Optional<byte[]> initialData(String internalMapName) {
        byte[] d = sectionData.get(internalMapName);
        return d == null ? Optional.empty() : Optional.of(d.clone());
    }

    List<String> internalMapNames() {
        List<String> out = new ArrayList<>(sectionData.keySet());
        return Collections.unmodifiableList(out);
    }

    private static boolean usesAttachTypeZero(int progType) {
        // BPF_CGROUP_INET_INGRESS (0) is a real expected attach type for cgroup_skb programs.
        return progType == ProgramType.CGROUP_SKB.value();
    }

    private static String defaultName(String file) {
        String n = file;
        for (String suffix : new String[] {".bpf.o", ".o"}) {
            if (n.endsWith(suffix)) {
                n = n.substring(0, n.length() - suffix.length());
                break;
            }
        }
        return n.isEmpty() ? "bpf" : n;
    }

    @Override
    public String toString() {
        return "ObjectSpec[" + name + ", programs=" + programs.keySet() + ", maps=" + maps.keySet() + "]";
    }
}
