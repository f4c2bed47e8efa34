package org.hebbkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.hebbkit.model.HebbianNetwork;

/**
 * Features recomputed by the network for every request: no cache, the network runs each time.
 * Gives the same numbers as {@link Features} in float32; kept for memory-starved cases and as the
 * reference the cache is tested against.
 */
public final class ComputedFeatures implements FeatureSource {

    private final HebbianNetwork network;
    private final LabelledImages data;

    /**
     * @param network frozen network
     * @param data images
     */
    public ComputedFeatures(HebbianNetwork network, LabelledImages data) {
        this.network = network;
        this.data = data;
    }

    @Override
    public int size() {
        return data.size();
    }

    @Override
    public int featureCount() {
        return network.featureCount();
    }

    @Override
    public int label(int index) {
        return data.label(index);
    }

    @Override
    public NDArray rows(NDManager scope, int[] indices) {
        network.attachTo(scope);
        return network.features(data.images(scope, indices));
    }
}
