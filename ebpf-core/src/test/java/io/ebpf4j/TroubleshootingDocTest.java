package io.ebpf4j;

import io.ebpf4j.kernel.Errno;
import io.ebpf4j.kernel.VerifierLog;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.internal.ffi.OpKind;
import io.ebpf4j.internal.ffi.Remedies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/TROUBLESHOOTING.md lists every exception type, errno remedy and verifier hint the code has. */
class TroubleshootingDocTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern EXCEPTION = Pattern.compile("class (\\w+) extends \\w*(Exception|Error)\\b");

    private static String doc() throws IOException {
        return Files.readString(ROOT.resolve("docs/TROUBLESHOOTING.md"));
    }

    @Test
    void everyExceptionTypeHasItsSection() throws IOException {
        String doc = doc();
        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/")
                    && !p.toString().contains("/target/")).toList()) {
                Matcher m = EXCEPTION.matcher(Files.readString(f));
                while (m.find()) {
                    if (!doc.contains("### " + m.group(1) + "\n")) {
                        missing.add(m.group(1) + " (" + ROOT.relativize(f) + ")");
                    }
                }
            }
        }
        assertTrue(missing.isEmpty(), "exception types without a section in docs/TROUBLESHOOTING.md: " + missing);
    }

    @Test
    void everyErrnoRemedyIsListedVerbatim() throws IOException {
        String doc = doc();
        List<String> missing = new ArrayList<>();
        for (Errno e : Errno.values()) {
            for (OpKind kind : OpKind.values()) {
                String remedy = Remedies.forErrno(kind, e.number());
                if (remedy != null && (!doc.contains("| `" + e.name() + "` |") || !doc.contains(remedy))) {
                    missing.add(e.name() + " (" + kind + "): " + remedy);
                }
            }
        }
        assertTrue(missing.isEmpty(), "errno remedies missing from docs/TROUBLESHOOTING.md: " + missing);
    }

    @Test
    void everyVerifierHintIsListedVerbatim() throws IOException {
        String doc = doc();
        List<String> missing = VerifierLog.knownHints().stream().filter(h -> !doc.contains("- " + h)).toList();
        assertTrue(missing.isEmpty(), "verifier hints missing from docs/TROUBLESHOOTING.md: " + missing);
    }
}
