package io.ebpf4j.prebuilt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrebuiltTest {

    private static final String OBJ = XdpCounter.OBJECT;

    @TempDir
    Path dir;

    @Test
    void bundledSetListsTheXdpCounterAndRecordsClang() {
        Prebuilt set = Prebuilt.bundled();
        assertTrue(set.names().contains(OBJ), set.toString());
        assertTrue(set.contains("xdp_counter"));
        assertTrue(set.manifest().clangMajor().isPresent(), "manifest records the clang major");
    }

    @Test
    void bundledBytesAreTheResourceAndMatchTheManifest() throws Exception {
        byte[] raw = resource(OBJ);
        byte[] verified = Prebuilt.bundled().bytes(OBJ);
        assertArrayEquals(raw, verified);
        assertEquals(Prebuilt.bundled().manifest().sha256(OBJ).orElseThrow(), sha256(raw));
        assertArrayEquals(verified, Prebuilt.bundled().bytes("xdp_counter"), "base name is accepted");
    }

    @Test
    void everyCallReturnsAFreshCopy() {
        byte[] first = Prebuilt.bundled().bytes(OBJ);
        byte[] original = first.clone();
        first[0] ^= 0x7f;
        byte[] second = Prebuilt.bundled().bytes(OBJ);
        assertNotSame(first, second);
        assertArrayEquals(original, second);
    }

    @Test
    void untamperedCopyIsAccepted() throws Exception {
        copyBundled();
        assertArrayEquals(resource(OBJ), Prebuilt.fromDirectory(dir).bytes(OBJ));
    }

    @Test
    void flippedByteIsRefused() throws Exception {
        copyBundled();
        byte[] data = Files.readAllBytes(dir.resolve(OBJ));
        data[data.length / 2] ^= 0x01;
        Files.write(dir.resolve(OBJ), data);

        Prebuilt copy = Prebuilt.fromDirectory(dir);
        var e = assertThrows(PrebuiltIntegrityException.class, () -> copy.bytes(OBJ));
        assertEquals(OBJ, e.fileName());
        assertTrue(e.getMessage().contains(sha256(data)), "names the actual digest: " + e.getMessage());
        assertTrue(e.getMessage().contains(copy.manifest().sha256(OBJ).orElseThrow()), e.getMessage());
    }

    @Test
    void appendedBytesAreRefused() throws Exception {
        copyBundled();
        Files.write(dir.resolve(OBJ), new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
        assertThrows(PrebuiltIntegrityException.class, () -> Prebuilt.fromDirectory(dir).bytes(OBJ));
    }

    @Test
    void listedButAbsentObjectIsRefused() throws Exception {
        copyBundled();
        Files.delete(dir.resolve(OBJ));
        var e = assertThrows(PrebuiltIntegrityException.class, () -> Prebuilt.fromDirectory(dir).bytes(OBJ));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void objectNotInManifestIsRefusedEvenWhenPresent() throws Exception {
        copyBundled();
        Files.copy(dir.resolve(OBJ), dir.resolve("smuggled.bpf.o"));
        Prebuilt copy = Prebuilt.fromDirectory(dir);
        assertFalse(copy.contains("smuggled"));
        var e = assertThrows(PrebuiltIntegrityException.class, () -> copy.bytes("smuggled.bpf.o"));
        assertTrue(e.getMessage().contains("not listed"), e.getMessage());
    }

    @Test
    void editedManifestDigestIsRefused() throws Exception {
        copyBundled();
        Path manifest = dir.resolve(Manifest.FILE_NAME);
        String text = Files.readString(manifest);
        String sha = Prebuilt.bundled().manifest().sha256(OBJ).orElseThrow();
        String other = (sha.charAt(0) == '0' ? "1" : "0") + sha.substring(1);
        Files.writeString(manifest, text.replace(sha, other));
        assertThrows(PrebuiltIntegrityException.class, () -> Prebuilt.fromDirectory(dir).bytes(OBJ));
    }

    @Test
    void missingManifestIsRefusedWhenOpening() {
        var e = assertThrows(PrebuiltIntegrityException.class, () -> Prebuilt.fromDirectory(dir));
        assertEquals(Manifest.FILE_NAME, e.fileName());
    }

    @Test
    void missingClasspathDirectoryIsRefused() {
        assertThrows(PrebuiltIntegrityException.class,
                () -> Prebuilt.fromClasspath(getClass().getClassLoader(), "no/such/dir"));
    }

    @Test
    void classpathDirectoryMayHaveSlashes() {
        Prebuilt set = Prebuilt.fromClasspath(getClass().getClassLoader(), "/" + Prebuilt.BUNDLED_DIRECTORY + "/");
        assertEquals(Prebuilt.bundled().manifest(), set.manifest());
    }

    @Test
    void pathLikeNamesAreRejected() throws Exception {
        copyBundled();
        Prebuilt copy = Prebuilt.fromDirectory(dir);
        assertThrows(IllegalArgumentException.class, () -> copy.bytes("../" + OBJ));
        assertThrows(IllegalArgumentException.class, () -> copy.bytes("/etc/passwd"));
    }

    private void copyBundled() throws IOException {
        Files.write(dir.resolve(Manifest.FILE_NAME), resource(Manifest.FILE_NAME));
        Files.write(dir.resolve(OBJ), resource(OBJ));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = PrebuiltTest.class.getClassLoader()
                .getResourceAsStream(Prebuilt.BUNDLED_DIRECTORY + "/" + name)) {
            if (in == null) {
                throw new IOException("test setup: resource " + name + " not on the class path");
            }
            return in.readAllBytes();
        }
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
