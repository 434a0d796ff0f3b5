package io.ebpf4j.agent.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/** The agent's secret files (probe keys, gossip keys, metrics passwords): readable by their owner alone. */
final class SecretFiles {
    private SecretFiles() {}

    /**
     * Why {@code file} may not hold a secret ({@code "... may be read by other users (mode ...): chmod 600 ..."}),
     * or null when only its owner may read it.
     *
     * @throws IOException when its mode cannot be read
     */
    static String readableByOthers(Path file) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
            return file + " may be read by other users (mode " + PosixFilePermissions.toString(perms) + "): chmod 600 "
                    + file;
        }
        return null;
    }

    /**
     * The lines of the owner-only {@code file}.
     *
     * @throws IllegalArgumentException naming the file and the remedy when others may read it or it cannot be read
     */
    static List<String> readLines(Path file) {
        try {
            String refusal = readableByOthers(file);
            if (refusal != null) {
                throw new IllegalArgumentException(refusal);
            }
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e);
        }
    }
}
