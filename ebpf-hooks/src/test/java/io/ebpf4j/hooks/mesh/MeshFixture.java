package io.ebpf4j.hooks.mesh;

import io.ebpf4j.TestRunResult;
import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.map.Cidr;
import java.util.List;

/** A loaded filter with two registered identities, mirrored in a {@link Model}. */
final class MeshFixture implements AutoCloseable {
    static final SpiffeId ALLOWED = SpiffeId.parse("spiffe://test.mesh/ns/a/sa/allowed");
    static final SpiffeId DENIED = SpiffeId.parse("spiffe://test.mesh/ns/b/sa/denied");
    static final SpiffeId NEUTRAL = SpiffeId.parse("spiffe://test.mesh/ns/c/sa/neutral");
    static final int PROBE_PORT = 7946;
    static final int NODE_TAG = 0x1234abcd;

    final MeshFilter filter;
    final Model model = new Model();
    private final List<Integer> numbers;

    MeshFixture(Action defaultAction) {
        filter = MeshFilter.builder().defaultAction(defaultAction).probePort(PROBE_PORT).nodeTag(NODE_TAG).build();
        model.defaultAction = defaultAction;
        model.probePort = PROBE_PORT;
        model.nodeTag = NODE_TAG;
        try {
            register(ALLOWED, "10.1.0.0/16", "fd00:1::/64");
            register(DENIED, "10.2.0.0/16", "fd00:2::/64", "10.1.99.0/24");
            register(NEUTRAL, "10.3.0.0/16");
            allow(ALLOWED);
            deny(DENIED);
            numbers = List.of(0, id(ALLOWED), id(DENIED), id(NEUTRAL));
        } catch (RuntimeException e) {
            filter.close();
            throw e;
        }
    }

    int register(SpiffeId id, String... cidrs) {
        int n = filter.identities().register(id, cidrs);
        model.prefixes.values().removeIf(v -> v == n);
        for (String c : cidrs) {
            model.prefixes.put(Cidr.parse(c), n);
        }
        return n;
    }

    int id(SpiffeId id) {
        return filter.identities().identity(id).orElseThrow();
    }

    void allow(SpiffeId id) {
        filter.allow(id);
        model.policies.put(id(id), Action.ALLOW);
    }

    void deny(SpiffeId id) {
        filter.deny(id);
        model.policies.put(id(id), Action.DENY);
    }

    void rule(SpiffeId id, IpProtocol p, int port, Action a) {
        filter.rule(id, p, port, a);
        String key = id(id) + "/" + p.number() + "/" + port;
        if (a == null) {
            model.portRules.remove(key);
        } else {
            model.portRules.put(key, a);
        }
    }

    TestRunResult run(byte[] frame) {
        return filter.program().testRun(frame, 1);
    }

    List<Integer> identities() {
        return numbers;
    }

    @Override
    public void close() {
        filter.close();
    }
}
