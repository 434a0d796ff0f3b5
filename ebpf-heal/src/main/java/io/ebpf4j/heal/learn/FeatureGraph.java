package io.ebpf4j.heal.learn;

/**
 * One snapshot as the models take it: node rows, directed edges as row pairs, feature matrices
 * (row-major) and each node's neighbour rows (either direction, once each).
 *
 * @param nodeIds  the node number of each row
 * @param x        node features, {@code nodeIds.length x FeatureExtractor.NODE.size()}
 * @param src      each edge's source row
 * @param dst      each edge's destination row
 * @param z        edge features, {@code src.length x FeatureExtractor.EDGE_INPUT}
 * @param nbrs     each row's neighbour rows
 */
record FeatureGraph(int[] nodeIds, double[] x, int[] src, int[] dst, double[] z, int[][] nbrs) {
    int nodes() {
        return nodeIds.length;
    }

    int edges() {
        return src.length;
    }
}
