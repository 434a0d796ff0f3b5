package io.ebpf4j.heal.experiment.run;

import io.ebpf4j.heal.act.Routes;
import io.ebpf4j.heal.experiment.mesh.HealMesh;
import io.ebpf4j.heal.loop.MeshTopology;
import io.ebpf4j.hooks.identity.SpiffeId;
import java.util.List;

/** The experiment mesh seen as the loop's {@link MeshTopology}. */
record HealMeshTopology(HealMesh mesh) implements MeshTopology {
    @Override
    public int size() {
        return mesh.size();
    }

    @Override
    public SpiffeId spiffeId(int node) {
        return mesh.spiffeId(node);
    }

    @Override
    public List<Integer> neighbours(int node) {
        return mesh.neighbours(node);
    }

    @Override
    public String linkAddress(int node, int peer) {
        return mesh.linkAddress(node, peer);
    }

    @Override
    public String ifname(int node, int peer) {
        return mesh.ifname(node, peer);
    }

    @Override
    public String servicePrefix(int owner) {
        return mesh.vipPrefix(owner);
    }

    @Override
    public int replica(int owner) {
        return mesh.replica(owner);
    }

    @Override
    public Routes routes(int node) {
        return mesh.routes(node);
    }
}
