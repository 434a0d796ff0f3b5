package io.ebpf4j.btf;

import java.util.Optional;

/** Member lookup by name through anonymous nested members and dotted paths. */
final class BtfMembers {
    private BtfMembers() {}

    static Optional<ResolvedMember> find(Btf btf, BtfType type, String path) {
        if (path == null || path.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = path.split("\\.", -1);
        BtfType current = type;
        long base = 0;
        ResolvedMember found = null;
        for (String part : parts) {
            if (part.isEmpty() || !(btf.resolve(current) instanceof BtfType.Composite c)) {
                return Optional.empty();
            }
            Optional<ResolvedMember> m = direct(btf, c, part, base, 0);
            if (m.isEmpty()) {
                return Optional.empty();
            }
            found = m.get();
            base = found.bitOffset();
            current = btf.type(found.type());
        }
        ResolvedMember last = found;
        return Optional.of(new ResolvedMember(path, last.member(), last.bitOffset(), last.bitfieldSize()));
    }

    /** Finds {@code name} among the members of {@code c}, descending into anonymous members. */
    private static Optional<ResolvedMember> direct(Btf btf, BtfType.Composite c, String name, long base, int depth) {
        if (depth > BtfLayout.MAX_DEPTH) {
            return Optional.empty();
        }
        for (BtfType.Member m : c.members()) {
            if (m.name().equals(name)) {
                return Optional.of(new ResolvedMember(name, m, base + m.bitOffset(), m.bitfieldSize()));
            }
        }
        for (BtfType.Member m : c.members()) {
            if (m.name().isEmpty() && btf.resolve(btf.type(m.type())) instanceof BtfType.Composite inner) {
                Optional<ResolvedMember> r = direct(btf, inner, name, base + m.bitOffset(), depth + 1);
                if (r.isPresent()) {
                    return r;
                }
            }
        }
        return Optional.empty();
    }
}
