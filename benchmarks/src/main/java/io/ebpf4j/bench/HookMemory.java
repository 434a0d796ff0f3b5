package io.ebpf4j.bench;

import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.hooks.mesh.Action;
import io.ebpf4j.hooks.mesh.MeshFilter;
import io.ebpf4j.hooks.mesh.MeshFilterObject;
import io.ebpf4j.hooks.mesh.Prober;
import io.ebpf4j.hooks.metrics.MeshTelemetry;
import io.ebpf4j.hooks.metrics.MetricsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Memory of the mesh hooks themselves, in one JVM (run by {@code benchmarks/overhead.sh}, part mem):
 * VmRSS after a full GC with nothing loaded, then with every hook attached and working (the mesh filter
 * with probes on {@code IFACE}, the prober, the syscall latency hook, network events, the /metrics
 * server scraped), the difference, and the kernel memory of every BPF map this process holds
 * ({@code memlock} of /proc/self/fdinfo, which is what the kernel charges for the map). Then the mesh
 * filter's map memory at several identity capacities ({@link MeshFilter.Builder#identityCapacity}),
 * map by map, with the per-CPU arithmetic.
 *
 * <p>Usage: {@code HookMemory IFACE PEER_IP} in the network namespace of IFACE.
 */
public final class HookMemory {
    private static final int[] CAPACITIES = {256, 1024, 4096, 16384, 65536};

    private HookMemory() {}

    /** One BPF map held by this process, from its fdinfo. */
    record MapFd(int id, int type, long maxEntries, long valueSize, long memlock) {}

    public static void main(String[] args) throws Throwable {
        String iface = args[0];
        InetAddress peer = InetAddress.getByName(args[1]);
        int cpus = possibleCpus();
        System.out.println("JVM options: " + java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        nmt(); // the measuring (JMX, the diagnostic command) loaded before the idle figure, so both figures hold it
        smaps();
        long idle = settledRss();
        Map<String, Long> nmtIdle = nmt();
        Map<String, Long> smapsIdle = smaps();
        System.out.printf("JVM idle (same JVM, nothing loaded): VmRSS %.1f MiB%n", idle / 1024.0);

        List<AutoCloseable> open = new ArrayList<>();
        MeshFilter mesh = MeshFilter.builder().defaultAction(Action.ALLOW).probePort(7946).attach(iface).build();
        open.add(mesh);
        SpiffeId a = SpiffeId.parse("spiffe://bench.ebpf4j/node/a");
        mesh.identities().register(a, peer.getHostAddress() + "/32");
        mesh.allow(a);
        for (int i = 1; i <= 20; i++) {
            SpiffeId o = SpiffeId.parse("spiffe://bench.ebpf4j/other/" + i);
            mesh.identities().register(o, "10." + (100 + i) + ".0.0/16");
            mesh.deny(o);
        }
        Prober prober = mesh.prober().target(a, peer).interval(Duration.ofMillis(10)).start();
        open.add(prober);
        MeshTelemetry telemetry = MeshTelemetry.builder().mesh(mesh).build(); // + syscall latency, net events
        open.add(telemetry);
        MetricsServer server = MetricsServer.start(telemetry.registry(), InetAddress.getLoopbackAddress(), 0);
        open.add(server);
        System.out.println("hooks: " + telemetry.state());
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + server.port() + "/metrics");
        int bytes = 0;
        for (int i = 0; i < 10; i++) { // the hooks working: probes every 10 ms, a scrape every 500 ms
            bytes = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body().length();
            Thread.sleep(500);
        }
        long hooks = settledRss();
        Map<String, Long> nmtHooks = nmt();
        Map<String, Long> smapsHooks = smaps();
        Map<Integer, MapFd> maps = mapFds();
        long kernel = maps.values().stream().mapToLong(MapFd::memlock).sum();
        System.out.printf("JVM with every hook attached (filter+probes+prober, syscall latency, net events, /metrics"
                + " scraped, %d bytes): VmRSS %.1f MiB, +%.1f MiB over idle%n", bytes, hooks / 1024.0, (hooks - idle) / 1024.0);
        System.out.printf("kernel memory of the %d BPF maps it holds (fdinfo memlock): %.2f MiB (%d possible CPUs)%n",
                maps.size(), kernel / 1048576.0, cpus);
        StringBuilder sm = new StringBuilder("RSS by mapping (/proc/self/smaps, MiB, hooks - idle):");
        smapsHooks.forEach((k, v) -> sm.append(String.format(" %s %+.1f (%.1f);", k, (v - smapsIdle.getOrDefault(k, 0L)) / 1024.0,
                v / 1024.0)));
        System.out.println(sm);
        long trimmed = mallocTrimmedRss();
        System.out.printf("after malloc_trim(0) (glibc returns freed heap memory: libbpf's BTF parsing at load time): VmRSS %.1f MiB,"
                + " %+.1f MiB%n", trimmed / 1024.0, (trimmed - hooks) / 1024.0);
        if (!nmtHooks.isEmpty()) {
            StringBuilder nm = new StringBuilder("where the RSS went (NMT committed, MiB, hooks - idle):");
            nmtHooks.forEach((k, v) -> {
                long d = v - nmtIdle.getOrDefault(k, 0L);
                if (Math.abs(d) >= 512) {
                    nm.append(String.format(" %s %+.1f (%.1f);", k, d / 1024.0, v / 1024.0));
                }
            });
            System.out.println(nm);
        }
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }

        System.out.println();
        System.out.println("mesh filter maps by identity capacity (memlock, KiB; per-CPU maps: capacity x CPUs x value size):");
        for (int capacity : CAPACITIES) {
            try (MeshFilter f = MeshFilter.builder().probePort(7946).identityCapacity(capacity).build()) {
                Map<Integer, MapFd> fds = mapFds();
                StringBuilder line = new StringBuilder();
                long total = 0;
                long perCpu = 0;
                for (String name : f.object().mapNames()) {
                    int id = f.object().map(name).info().id();
                    MapFd m = fds.get(id);
                    if (m == null) {
                        continue;
                    }
                    total += m.memlock();
                    if (m.type() == 6) { // BPF_MAP_TYPE_PERCPU_ARRAY
                        perCpu += m.memlock();
                        line.append(String.format(" %s=%d(value %d B)", name, m.memlock() / 1024, m.valueSize()));
                    }
                }
                System.out.printf("capacity %6d: all maps %8.1f KiB, per-CPU maps %8.1f KiB (= %.0f B per identity and CPU):%s%n",
                        capacity, total / 1024.0, perCpu / 1024.0, perCpu / (double) capacity / cpus, line);
            }
        }
        System.out.println("identity-indexed maps: " + MeshFilterObject.IDENTITY_MAPS);
    }

    /**
     * Committed KiB per Native Memory Tracking category (empty without
     * {@code -XX:NativeMemoryTracking=summary}), through the DiagnosticCommand MBean (jcmd VM.native_memory).
     */
    private static Map<String, Long> nmt() {
        Map<String, Long> out = new TreeMap<>();
        try {
            Object r = java.lang.management.ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                    new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("(?m)^-\\s+(.+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)").matcher(r.toString());
            while (m.find()) {
                out.put(m.group(1).strip(), Long.parseLong(m.group(2)));
            }
        } catch (Exception e) {
            System.out.println("NMT unavailable: " + e);
        }
        return out;
    }

    /**
     * Rss KiB of this process by kind of mapping: BPF maps mmap'd (ring buffers, mmap'd arrays: kernel
     * memory seen from user space), anonymous memory (Java heap, malloc: libbpf's object and BTF state,
     * FFM arenas, JIT code, thread stacks), files (the JDK, libbpf.so and the other libraries), other.
     */
    private static Map<String, Long> smaps() throws IOException {
        Map<String, Long> out = new TreeMap<>();
        String kind = "other";
        for (String l : Files.readAllLines(Path.of("/proc/self/smaps"))) {
            if (!l.isEmpty() && Character.isLetterOrDigit(l.charAt(0)) && l.contains("-") && !l.contains(":   ")
                    && l.indexOf(' ') > 0 && l.substring(0, l.indexOf(' ')).matches("[0-9a-f]+-[0-9a-f]+")) {
                String[] f = l.trim().split("\\s+", 6);
                String name = f.length < 6 ? "" : f[5];
                kind = name.isEmpty() || name.equals("[heap]") ? "anonymous" : name.startsWith("anon_inode:bpf") ? "bpf-map mmap"
                        : name.startsWith("/") ? "files" : "other";
            } else if (l.startsWith("Rss:")) {
                out.merge(kind, Long.parseLong(l.replaceAll("\\D", "")), Long::sum);
            }
        }
        return out;
    }

    /** VmRSS in KiB after glibc's {@code malloc_trim(0)} (memory freed by native code given back). */
    private static long mallocTrimmedRss() throws Throwable {
        java.lang.foreign.Linker linker = java.lang.foreign.Linker.nativeLinker();
        java.lang.invoke.MethodHandle trim = linker.downcallHandle(linker.defaultLookup().find("malloc_trim").orElseThrow(),
                java.lang.foreign.FunctionDescriptor.of(java.lang.foreign.ValueLayout.JAVA_INT, java.lang.foreign.ValueLayout.JAVA_LONG));
        int released = (int) trim.invokeExact(0L);
        Thread.sleep(200);
        return rss();
    }

    private static long rss() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    /** VmRSS in KiB after two full GCs and a pause. */
    private static long settledRss() throws IOException, InterruptedException {
        System.gc();
        Thread.sleep(500);
        System.gc();
        Thread.sleep(1500);
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    /** Every BPF map this process holds a descriptor of, by map id. */
    static Map<Integer, MapFd> mapFds() throws IOException {
        Map<Integer, MapFd> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fdinfo"))) {
            for (Path p : s.toList()) {
                Map<String, String> kv = new TreeMap<>();
                try {
                    for (String l : Files.readAllLines(p)) {
                        int c = l.indexOf(':');
                        if (c > 0) {
                            kv.put(l.substring(0, c).strip(), l.substring(c + 1).strip());
                        }
                    }
                } catch (IOException gone) {
                    continue; // closed meanwhile (the directory stream's own descriptor)
                }
                if (kv.containsKey("map_type") && kv.containsKey("map_id")) {
                    int id = Integer.parseInt(kv.get("map_id"));
                    out.put(id, new MapFd(id, Integer.parseInt(kv.get("map_type")), Long.parseLong(kv.get("max_entries")),
                            Long.parseLong(kv.get("value_size")), Long.parseLong(kv.get("memlock"))));
                }
            }
        }
        return out;
    }

    private static int possibleCpus() throws IOException {
        int n = 0;
        for (String range : Files.readString(Path.of("/sys/devices/system/cpu/possible")).strip().split(",")) {
            String[] r = range.split("-");
            n += r.length == 1 ? 1 : Integer.parseInt(r[1]) - Integer.parseInt(r[0]) + 1;
        }
        return n;
    }
}
