package io.ebpf4j.agent.config;

import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.hooks.mesh.ProbeKey;
import io.ebpf4j.hooks.mesh.ProbeKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A probe key file ({@code probes.auth.keyFile}): one key per line, {@code SUBJECT ID:HEX}, where
 * SUBJECT is {@code *} (the mesh-wide keys) or a peer's SPIFFE ID (the keys of the link to that peer,
 * the same on both nodes); a subject's first line is its signing key, a second line one more accepted
 * key (for rotation). Blank lines and {@code #} comments are ignored. The file must be readable by its
 * owner only. Errors name the line, never a secret.
 *
 * <pre>
 * # probe keys of node a
 * *                               1:00112233445566778899aabbccddeeff
 * spiffe://mesh.example/node/b    7:8899aabbccddeeff0011223344556677
 * </pre>
 *
 * @param mesh  the mesh-wide keys, if any
 * @param peers the keys per peer
 */
public record ProbeKeyFile(Optional<ProbeKeys> mesh, Map<SpiffeId, ProbeKeys> peers) {
    public ProbeKeyFile {
        peers = Collections.unmodifiableMap(new LinkedHashMap<>(peers));
    }

    /**
     * Reads and checks {@code file}.
     *
     * @throws IllegalArgumentException naming the file, the line and what is wrong (or the remedy for its mode)
     */
    public static ProbeKeyFile read(Path file) {
        List<String> lines = SecretFiles.readLines(file);
        Map<String, List<ProbeKey>> bySubject = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            String where = file + " line " + (i + 1) + ": ";
            if (parts.length != 2) {
                throw new IllegalArgumentException(where + "expected 'SUBJECT ID:HEX' (SUBJECT: * or a peer's SPIFFE ID)");
            }
            ProbeKey key;
            try {
                key = ProbeKey.parse(parts[1]);
                if (!parts[0].equals("*")) {
                    SpiffeId.parse(parts[0]);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage());
            }
            List<ProbeKey> keys = bySubject.computeIfAbsent(parts[0], k -> new ArrayList<>());
            if (keys.size() == ProbeKeys.MAX) {
                throw new IllegalArgumentException(where + "a third key for " + parts[0] + ": at most " + ProbeKeys.MAX
                        + " (the signing key, then one more accepted during a rotation)");
            }
            if (!keys.isEmpty() && keys.get(0).id() == key.id()) {
                throw new IllegalArgumentException(where + "key id " + key.id() + " twice for " + parts[0]
                        + ": give the new key another id");
            }
            keys.add(key);
        }
        Optional<ProbeKeys> mesh = Optional.ofNullable(bySubject.remove("*")).map(ProbeKeys::new);
        Map<SpiffeId, ProbeKeys> peers = new LinkedHashMap<>();
        bySubject.forEach((s, k) -> peers.put(SpiffeId.parse(s), new ProbeKeys(k)));
        if (mesh.isEmpty() && peers.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no key");
        }
        return new ProbeKeyFile(mesh, peers);
    }
}
