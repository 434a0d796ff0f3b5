package io.ebpf4j.heal.learn;

/**
 * One parameter tensor of a model: its values and the gradient accumulated by backward passes,
 * both row-major {@code rows x cols}. Not thread-safe.
 */
final class Param {
    final String name;
    final int rows;
    final int cols;
    final double[] w;
    final double[] g;

    Param(String name, int rows, int cols) {
        this.name = name;
        this.rows = rows;
        this.cols = cols;
        this.w = new double[rows * cols];
        this.g = new double[rows * cols];
    }

    void zeroGrad() {
        java.util.Arrays.fill(g, 0);
    }
}
