package io.ebpf4j.agent.run;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decision journal file: created with mode 0600 (or tightened to it), the directories the agent
 * creates for it with mode 0700 (directories that already exist are left as they are: a journal in
 * {@code /tmp} must not make {@code /tmp} private). An existing journal is kept and appended to: it is
 * the user's data, and neither a restart nor {@code --uninstall} removes it.
 */
final class JournalFile {
    private static final Logger LOG = LoggerFactory.getLogger(JournalFile.class);
    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

    private JournalFile() {}

    /**
     * Creates (or checks) the journal at {@code file}.
     *
     * @throws AgentStartException when it cannot be created or written
     */
    static Path prepare(Path file) {
        Path abs = file.toAbsolutePath();
        try {
            createDirectories(abs.getParent());
            try {
                Files.createFile(abs, PosixFilePermissions.asFileAttribute(FILE_MODE));
                Files.setPosixFilePermissions(abs, FILE_MODE); // the umask may have taken bits away; never added
                LOG.info("decision journal {} created (mode 0600)", abs);
            } catch (FileAlreadyExistsException e) {
                if (!Files.isRegularFile(abs)) {
                    throw new AgentStartException(List.of("journal " + abs + " exists and is not a regular file; remedy: "
                            + "point journal at a file path"));
                }
                if (!Files.getPosixFilePermissions(abs).equals(FILE_MODE)) {
                    Files.setPosixFilePermissions(abs, FILE_MODE);
                    LOG.info("decision journal {}: mode tightened to 0600", abs);
                }
            }
            if (!Files.isWritable(abs)) {
                throw new AgentStartException(List.of("journal " + abs + " is not writable; remedy: run the agent as the "
                        + "file's owner, or point journal elsewhere"));
            }
            return abs;
        } catch (IOException e) {
            throw new AgentStartException(List.of("cannot create the journal " + abs + ": " + e
                    + "; remedy: create its directory writable by the agent (mode 0700), or point journal elsewhere"), e);
        }
    }

    /** Creates the missing directories of {@code dir}, each with mode 0700. */
    private static void createDirectories(Path dir) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path d = dir; d != null && !Files.exists(d); d = d.getParent()) {
            missing.addFirst(d);
        }
        for (Path d : missing) {
            try {
                Files.createDirectory(d, PosixFilePermissions.asFileAttribute(DIR_MODE));
                Files.setPosixFilePermissions(d, DIR_MODE);
            } catch (FileAlreadyExistsException raced) {
                // created meanwhile by someone else: theirs, left as it is
            }
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a directory");
        }
    }
}
