package org.hebbkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.hebbkit.nn.HebbianLayer;

/**
 * What a Hebbian layer has learnt, as plain numbers: weight radii (SoftHebb's convergence measure:
 * a neuron has converged when {@code | ||w_i|| - 1 | < 0.01}), unit convergence (PyTorch-Hebbian's measure,
 * Talloen et al. 2020: the fraction of units whose {@code sum_j |w_ij|^p} lies within 0.1 of 1, with
 * {@code p} the Lebesgue power of the layer's response: 2, or Krotov's {@code p}), its learning rates, and
 * winner statistics (the fraction of positions each neuron won, and the entropy of that distribution
 * in bits: {@code log2(O)} when all neurons win equally, 0 when one wins everything).
 *
 * @param layer 0-based block index
 * @param meanRadius mean of {@code ||w_i||}
 * @param radiusStd standard deviation of {@code ||w_i||}
 * @param fractionConverged fraction of neurons with {@code | ||w_i|| - 1 | < 0.01}
 * @param unitConvergence fraction of units with {@code | sum_j |w_ij|^p - 1 | < 0.1}
 * @param lebesguePower the {@code p} of {@code unitConvergence}
 * @param meanLearningRate mean learning rate of the neurons, at the layer's current progress
 * @param winFractions per neuron, fraction of positions won since the last reset (empty if none seen)
 * @param winEntropyBits entropy in bits of each neuron's share of all wins ({@code winFractions} normalised to sum 1:
 *     columns where several neurons tie at the maximum count for each of them), at most {@code log2(O)}
 */
public record LayerMetrics(int layer, double meanRadius, double radiusStd, double fractionConverged,
        double unitConvergence, double lebesguePower, double meanLearningRate, double[] winFractions, double winEntropyBits) {

    /** Tolerance of convergence, as in SoftHebb. */
    public static final double CONVERGED = 0.01;

    /** Tolerance of unit convergence, as in PyTorch-Hebbian. */
    public static final double UNIT_CONVERGENCE_TOLERANCE = 0.1;

    /**
     * Measures a layer; call inside a scope holding the layer's arrays.
     *
     * @param index block index
     * @param layer the layer
     * @param scope a per-batch manager
     */
    public static LayerMetrics of(int index, HebbianLayer layer, NDManager scope) {
        NDArray matrix = layer.weightMatrix();
        float[] r = matrix.norm(new int[] {1}).toFloatArray();
        double p = layer.response().lebesguePower();
        float[] lebesgue = matrix.abs().pow(p).sum(new int[] {1}).toFloatArray();
        double rates = layer.learningRate().perNeuron(matrix, layer.progress()).mean().getFloat();
        double sum = 0;
        double squares = 0;
        int converged = 0;
        int unitsConverged = 0;
        for (int i = 0; i < r.length; i++) {
            float radius = r[i];
            sum += radius;
            squares += (double) radius * radius;
            if (Math.abs(radius - 1) < CONVERGED) {
                converged++;
            }
            if (Math.abs(lebesgue[i] - 1) < UNIT_CONVERGENCE_TOLERANCE) {
                unitsConverged++;
            }
        }
        double mean = sum / r.length;
        double std = Math.sqrt(Math.max(0, squares / r.length - mean * mean));
        double[] fractions = new double[0];
        double entropy = 0;
        if (layer.columnsSeen() > 0) {
            float[] wins = layer.wins().toFloatArray();
            fractions = new double[wins.length];
            double total = 0;
            for (int i = 0; i < wins.length; i++) {
                fractions[i] = wins[i] / layer.columnsSeen();
                total += wins[i];
            }
            // ties at the maximum give a column several winners: the entropy is of the wins' share, which sums to 1
            for (float count : wins) {
                if (count > 0) {
                    double share = count / total;
                    entropy -= share * Math.log(share) / Math.log(2);
                }
            }
        }
        return new LayerMetrics(index, mean, std, (double) converged / r.length, (double) unitsConverged / r.length, p,
                rates, fractions, entropy);
    }
}
