package io.ebpf4j.hooks.mesh;

/** What the mesh filter does with traffic from an identity. */
public enum Action {
    /** Pass to the stack (XDP_PASS). */
    ALLOW(1),
    /** Drop in XDP (XDP_DROP), counted as dropped_policy. */
    DENY(2);

    private final int code;

    Action(int code) {
        this.code = code;
    }

    /** The value in the kernel maps and the {@code default_action} knob. */
    public int code() {
        return code;
    }

    /** The action whose {@link #code()} is {@code code}; empty for 0 (no policy) or any other value. */
    static java.util.Optional<Action> ofCode(int code) {
        for (Action a : values()) {
            if (a.code == code) {
                return java.util.Optional.of(a);
            }
        }
        return java.util.Optional.empty();
    }
}
