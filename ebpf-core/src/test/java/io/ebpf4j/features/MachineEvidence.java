package io.ebpf4j.features;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/** What the machine itself says, read independently of the code under test. */
final class MachineEvidence {
    private MachineEvidence() {}

    /**
     * The raw text of the kernel's build configuration: /proc/config.gz, else /boot/config-RELEASE (a
     * distribution kernel, e.g. Debian's, ships it there instead), if present.
     */
    static Optional<String> configText() {
        Path p = Path.of("/proc/config.gz");
        try {
            if (Files.isReadable(p)) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
                    return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            Path boot = Path.of("/boot/config-" + read("/proc/sys/kernel/osrelease"));
            return Files.isReadable(boot) ? Optional.of(Files.readString(boot)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether the config has the line "CONFIG_x=y" (or =m). */
    static boolean configSet(String text, String option) {
        return text.lines().anyMatch(l -> l.equals(option + "=y") || l.equals(option + "=m"));
    }

    static String read(String path) throws IOException {
        return Files.readString(Path.of(path)).strip();
    }

    /** The mount points of filesystems of {@code type} from /proc/self/mounts. */
    static List<String> mountsOf(String type) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mounts")).stream().map(l -> l.split(" "))
                .filter(f -> f.length > 2 && f[2].equals(type)).map(f -> f[1]).toList();
    }
}
