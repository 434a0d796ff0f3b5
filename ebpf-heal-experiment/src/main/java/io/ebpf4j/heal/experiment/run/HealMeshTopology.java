package io.ebpf4j.heal.experiment.run;

import io.ebpf4j.heal.experiment.mesh.HealMesh;
import io.ebpf4j.heal.loop.MeshTopology;
import io.ebpf4j.hooks.identity.SpiffeId;
import java.util.List;

/** The experiment mesh seen as the loop's {@link MeshTopology}. */
public record HealMeshTopology(HealMesh mesh) implements MeshTopology {
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
    public String servicePrefix(int owner) {
        return mesh.vipPrefix(owner);
    }

    @Override
    public int replica(int owner) {
        return mesh.replica(owner);
    }
}
