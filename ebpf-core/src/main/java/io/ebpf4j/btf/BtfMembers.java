package io.ebpf4j.btf;

import java.util.Optional;

/** Member lookup by name through anonymous nested members and dotted paths. */
final class BtfMembers {
    /** Anonymous members visited per lookup at most: real types have a few; corrupt ones could nest forever. */
    private static final int MAX_VISITS = 1 << 16;

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
            Optional<ResolvedMember> m = direct(btf, c, part, base, 0, new int[] {MAX_VISITS});
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
    private static Optional<ResolvedMember> direct(Btf btf, BtfType.Composite c, String name, long base, int depth,
            int[] budget) {
        if (depth > BtfLayout.MAX_DEPTH || --budget[0] < 0) {
            return Optional.empty(); // corrupt BTF nesting anonymous members without end
        }
        for (BtfType.Member m : c.members()) {
            if (m.name().equals(name)) {
                return Optional.of(new ResolvedMember(name, m, base + m.bitOffset(), m.bitfieldSize()));
            }
        }
        for (BtfType.Member m : c.members()) {
            if (m.name().isEmpty() && btf.resolve(btf.type(m.type())) instanceof BtfType.Composite inner) {
                Optional<ResolvedMember> r = direct(btf, inner, name, base + m.bitOffset(), depth + 1, budget);
                if (r.isPresent()) {
                    return r;
                }
            }
        }
        return Optional.empty();
    }
}
