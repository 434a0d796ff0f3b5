package io.ebpf4j.hooks.mesh;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The probe keys of a peer (or of the whole mesh): the first signs this node's requests; each is
 * accepted on what the peer sends (and a reply is signed with the key of its request). Two keys make
 * rotation lossless: publish the new key as the second everywhere, then make it the first
 * everywhere, then drop the old one (docs/SECURITY.md, "Probe keys").
 *
 * @param keys one or two keys with distinct ids, the signing key first
 */
public record ProbeKeys(List<ProbeKey> keys) {
    /** The most keys accepted at once. */
    public static final int MAX = 2;

    public ProbeKeys {
        keys = List.copyOf(Objects.requireNonNull(keys, "keys"));
        if (keys.isEmpty() || keys.size() > MAX) {
            throw new IllegalArgumentException("probe keys are 1 or " + MAX + " keys (the signing key first), not "
                    + keys.size());
        }
        if (keys.size() == 2 && keys.get(0).id() == keys.get(1).id()) {
            throw new IllegalArgumentException("the two probe keys have the same id " + keys.get(0).id()
                    + ": a probe names its key by id, give the new key another");
        }
    }

    /** {@code signing}, and optionally one more accepted key. */
    public static ProbeKeys of(ProbeKey signing, ProbeKey... accepted) {
        java.util.ArrayList<ProbeKey> all = new java.util.ArrayList<>();
        all.add(signing);
        all.addAll(List.of(accepted));
        return new ProbeKeys(all);
    }

    /** The key requests are signed with. */
    public ProbeKey signing() {
        return keys.get(0);
    }

    /** The key with {@code id}, if accepted. */
    public Optional<ProbeKey> byId(int id) {
        return keys.stream().filter(k -> k.id() == id).findFirst();
    }
}
