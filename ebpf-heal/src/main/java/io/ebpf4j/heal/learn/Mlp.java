package io.ebpf4j.heal.learn;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The topology-blind baseline on the same features as {@link GraphSage}: a node is classified from its
 * own features {@code x_v}, an edge from {@code [x_src, x_dst, z_edge]}, each through two hidden
 * layers ({@code hidden}, then {@code headHidden}); no message passing beyond the edge's two ends.
 */
public final class Mlp extends GraphModel {
    private final Tower node;
    private final Tower edge;

    Mlp(int hidden, int headHidden) {
        super(hidden, headHidden);
        int fn = FeatureExtractor.NODE.size();
        node = new Tower("node_mlp", fn, hidden, headHidden, FaultClass.COUNT);
        edge = new Tower("edge_mlp", 2 * fn + FeatureExtractor.EDGE_INPUT, hidden, headHidden, FaultClass.COUNT);
    }

    @Override
    public Kind kind() {
        return Kind.MLP;
    }

    @Override
    List<Param> params() {
        List<Param> p = new ArrayList<>(node.params());
        p.addAll(edge.params());
        return p;
    }

    @Override
    void init(SplittableRandom rnd) {
        node.init(rnd);
        edge.init(rnd);
    }

    private static final class MlpPass extends Pass {
        double[] edgeIn = new double[0];
        final Tower.Tape nodeTape = new Tower.Tape();
        final Tower.Tape edgeTape = new Tower.Tape();
    }

    @Override
    Pass newPass() {
        return new MlpPass();
    }

    @Override
    void forward(FeatureGraph g, Pass pass) {
        MlpPass p = (MlpPass) pass;
        p.size(g);
        int n = g.nodes();
        int m = g.edges();
        int fn = FeatureExtractor.NODE.size();
        int fz = FeatureExtractor.EDGE_INPUT;
        int ei = 2 * fn + fz;
        if (p.edgeIn.length != m * ei) {
            p.edgeIn = new double[m * ei];
        }
        for (int k = 0; k < m; k++) {
            System.arraycopy(g.x(), g.src()[k] * fn, p.edgeIn, k * ei, fn);
            System.arraycopy(g.x(), g.dst()[k] * fn, p.edgeIn, k * ei + fn, fn);
            System.arraycopy(g.z(), k * fz, p.edgeIn, k * ei + 2 * fn, fz);
        }
        System.arraycopy(node.forward(g.x(), n, p.nodeTape), 0, p.nodeLogits, 0, n * FaultClass.COUNT);
        System.arraycopy(edge.forward(p.edgeIn, m, p.edgeTape), 0, p.edgeLogits, 0, m * FaultClass.COUNT);
    }

    @Override
    void backward(Pass pass, double[] dNode, double[] dEdge) {
        MlpPass p = (MlpPass) pass;
        node.backward(p.nodeTape, dNode, null);
        edge.backward(p.edgeTape, dEdge, null);
    }
}
