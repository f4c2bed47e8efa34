package org.hebbkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.hebbkit.nn.HebbianLayer;
import org.hebbkit.rule.AdaptiveLearningRate;

/**
 * What a Hebbian layer has learnt, as plain numbers: weight radii (SoftHebb's convergence measure:
 * a neuron has converged when {@code | ||w_i|| - 1 | < 0.01}), its adaptive learning rates, and
 * winner statistics (the fraction of positions each neuron won, and the entropy of that distribution
 * in bits: {@code log2(O)} when all neurons win equally, 0 when one wins everything).
 *
 * @param layer 0-based block index
 * @param meanRadius mean of {@code ||w_i||}
 * @param radiusStd standard deviation of {@code ||w_i||}
 * @param fractionConverged fraction of neurons with {@code | ||w_i|| - 1 | < 0.01}
 * @param meanLearningRate mean adaptive learning rate
 * @param winFractions per neuron, fraction of positions won since the last reset (empty if none seen)
 * @param winEntropyBits entropy of {@code winFractions} in bits
 */
public record LayerMetrics(int layer, double meanRadius, double radiusStd, double fractionConverged,
        double meanLearningRate, double[] winFractions, double winEntropyBits) {

    /** Tolerance of convergence, as in SoftHebb. */
    public static final double CONVERGED = 0.01;

    /**
     * Measures a layer; call inside a scope holding the layer's arrays.
     *
     * @param index block index
     * @param layer the layer
     * @param scope a per-batch manager
     */
    public static LayerMetrics of(int index, HebbianLayer layer, NDManager scope) {
        NDArray radii = layer.weightMatrix().norm(new int[] {1});
        float[] r = radii.toFloatArray();
        AdaptiveLearningRate rate = layer.learningRate();
        double sum = 0;
        double squares = 0;
        double rates = 0;
        int converged = 0;
        for (float radius : r) {
            sum += radius;
            squares += (double) radius * radius;
            rates += rate.rate() * Math.pow(Math.abs(radius - 1) + 1e-10, rate.power());
            if (Math.abs(radius - 1) < CONVERGED) {
                converged++;
            }
        }
        double mean = sum / r.length;
        double std = Math.sqrt(Math.max(0, squares / r.length - mean * mean));
        double[] fractions = new double[0];
        double entropy = 0;
        if (layer.columnsSeen() > 0) {
            float[] wins = layer.wins().toFloatArray();
            fractions = new double[wins.length];
            for (int i = 0; i < wins.length; i++) {
                fractions[i] = wins[i] / layer.columnsSeen();
                if (fractions[i] > 0) {
                    entropy -= fractions[i] * Math.log(fractions[i]) / Math.log(2);
                }
            }
        }
        return new LayerMetrics(index, mean, std, (double) converged / r.length, rates / r.length, fractions, entropy);
    }
}
