package io.ebpf4j.features;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/** Reads the kernel build configuration. */
final class KernelConfigReader {
    static final String PROC_CONFIG = "/proc/config.gz";

    private KernelConfigReader() {}

    static KernelConfig read(String release) {
        Path proc = Path.of(PROC_CONFIG);
        Path boot = Path.of("/boot/config-" + release);
        try {
            if (Files.isReadable(proc)) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(proc))) {
                    return new KernelConfig(Optional.of(PROC_CONFIG), parse(in), "");
                }
            }
            if (Files.isReadable(boot)) {
                try (InputStream in = Files.newInputStream(boot)) {
                    return new KernelConfig(Optional.of(boot.toString()), parse(in), "");
                }
            }
        } catch (IOException e) {
            return KernelConfig.absent("reading the kernel config failed: " + e.getMessage());
        }
        return KernelConfig.absent("no " + PROC_CONFIG + " (CONFIG_IKCONFIG_PROC not set, or modprobe configs) and no " + boot);
    }

    /** Parses "CONFIG_X=value" lines; comments ("# CONFIG_X is not set") are left out. */
    static Map<String, String> parse(InputStream in) throws IOException {
        Map<String, String> out = new HashMap<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line; (line = r.readLine()) != null; ) {
            int eq = line.indexOf('=');
            if (line.startsWith("CONFIG_") && eq > 0) {
                out.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        return out;
    }
}
