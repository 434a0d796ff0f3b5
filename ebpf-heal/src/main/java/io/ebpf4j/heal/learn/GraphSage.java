package io.ebpf4j.heal.learn;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * GraphSAGE with the mean aggregator, two layers ({@code hidden} wide) over the node features; the
 * node head reads {@code [h_v, x_v]}, the edge head {@code [h_src, h_dst, z_edge]} (the edge's own
 * features, both directions), each through one hidden layer of {@code headHidden} to the
 * {@link FaultClass} logits. In a full mesh the aggregator is the mean of all other nodes: the
 * heads see whether a symptom is local or everywhere (a loaded host).
 */
public final class GraphSage extends GraphModel {
    private final SageLayer l1;
    private final SageLayer l2;
    private final Tower nodeHead;
    private final Tower edgeHead;

    GraphSage(int hidden, int headHidden) {
        super(hidden, headHidden);
        int fn = FeatureExtractor.NODE.size();
        l1 = new SageLayer("sage1", fn, hidden);
        l2 = new SageLayer("sage2", hidden, hidden);
        nodeHead = new Tower("node_head", hidden + fn, headHidden, FaultClass.COUNT);
        edgeHead = new Tower("edge_head", 2 * hidden + FeatureExtractor.EDGE_INPUT, headHidden, FaultClass.COUNT);
    }

    @Override
    public Kind kind() {
        return Kind.GRAPHSAGE;
    }

    @Override
    List<Param> params() {
        List<Param> p = new ArrayList<>(l1.params());
        p.addAll(l2.params());
        p.addAll(nodeHead.params());
        p.addAll(edgeHead.params());
        return p;
    }

    @Override
    void init(SplittableRandom rnd) {
        l1.init(rnd);
        l2.init(rnd);
        nodeHead.init(rnd);
        edgeHead.init(rnd);
    }

    private static final class SagePass extends Pass {
        double[] agg0 = new double[0];
        double[] h1 = new double[0];
        double[] agg1 = new double[0];
        double[] h2 = new double[0];
        double[] nodeIn = new double[0];
        double[] edgeIn = new double[0];
        final Tower.Tape nodeTape = new Tower.Tape();
        final Tower.Tape edgeTape = new Tower.Tape();
        // backward scratch
        double[] dNodeIn = new double[0];
        double[] dEdgeIn = new double[0];
        double[] dh2 = new double[0];
        double[] dh1 = new double[0];
        double[] dagg = new double[0];
    }

    @Override
    Pass newPass() {
        return new SagePass();
    }

    private static double[] fit(double[] a, int size) {
        return a.length == size ? a : new double[size];
    }

    @Override
    void forward(FeatureGraph g, Pass pass) {
        SagePass p = (SagePass) pass;
        p.size(g);
        int n = g.nodes();
        int m = g.edges();
        int fn = FeatureExtractor.NODE.size();
        int fz = FeatureExtractor.EDGE_INPUT;
        int h = hidden;
        p.agg0 = fit(p.agg0, n * fn);
        p.h1 = fit(p.h1, n * h);
        p.agg1 = fit(p.agg1, n * h);
        p.h2 = fit(p.h2, n * h);
        l1.aggregate(g.x(), g.nbrs(), p.agg0);
        l1.forward(g.x(), p.agg0, n, p.h1);
        l2.aggregate(p.h1, g.nbrs(), p.agg1);
        l2.forward(p.h1, p.agg1, n, p.h2);
        int ni = h + fn;
        p.nodeIn = fit(p.nodeIn, n * ni);
        for (int v = 0; v < n; v++) {
            System.arraycopy(p.h2, v * h, p.nodeIn, v * ni, h);
            System.arraycopy(g.x(), v * fn, p.nodeIn, v * ni + h, fn);
        }
        int ei = 2 * h + fz;
        p.edgeIn = fit(p.edgeIn, m * ei);
        for (int k = 0; k < m; k++) {
            System.arraycopy(p.h2, g.src()[k] * h, p.edgeIn, k * ei, h);
            System.arraycopy(p.h2, g.dst()[k] * h, p.edgeIn, k * ei + h, h);
            System.arraycopy(g.z(), k * fz, p.edgeIn, k * ei + 2 * h, fz);
        }
        System.arraycopy(nodeHead.forward(p.nodeIn, n, p.nodeTape), 0, p.nodeLogits, 0, n * FaultClass.COUNT);
        System.arraycopy(edgeHead.forward(p.edgeIn, m, p.edgeTape), 0, p.edgeLogits, 0, m * FaultClass.COUNT);
    }

    @Override
    void backward(Pass pass, double[] dNode, double[] dEdge) {
        SagePass p = (SagePass) pass;
        FeatureGraph g = p.graph;
        int n = g.nodes();
        int m = g.edges();
        int h = hidden;
        int ni = h + FeatureExtractor.NODE.size();
        int ei = 2 * h + FeatureExtractor.EDGE_INPUT;
        p.dNodeIn = fit(p.dNodeIn, n * ni);
        p.dEdgeIn = fit(p.dEdgeIn, m * ei);
        nodeHead.backward(p.nodeTape, dNode, p.dNodeIn);
        edgeHead.backward(p.edgeTape, dEdge, p.dEdgeIn);
        p.dh2 = fit(p.dh2, n * h);
        java.util.Arrays.fill(p.dh2, 0);
        for (int v = 0; v < n; v++) {
            for (int i = 0; i < h; i++) {
                p.dh2[v * h + i] += p.dNodeIn[v * ni + i];
            }
        }
        for (int k = 0; k < m; k++) {
            int s = g.src()[k] * h;
            int d = g.dst()[k] * h;
            for (int i = 0; i < h; i++) {
                p.dh2[s + i] += p.dEdgeIn[k * ei + i];
                p.dh2[d + i] += p.dEdgeIn[k * ei + h + i];
            }
        }
        p.dh1 = fit(p.dh1, n * h);
        p.dagg = fit(p.dagg, n * Math.max(h, FeatureExtractor.NODE.size()));
        l2.backward(p.h1, p.agg1, p.h2, p.dh2, g.nbrs(), p.dh1, p.dagg);
        l1.backward(g.x(), p.agg0, p.h1, p.dh1, g.nbrs(), null, null);
    }
}
