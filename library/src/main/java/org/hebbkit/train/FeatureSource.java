package org.hebbkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Labelled feature vectors a readout is trained on: cached ({@link Features}) or computed on demand
 * from images by a frozen network ({@link ComputedFeatures}).
 */
public interface FeatureSource {

    /** Number of examples. */
    int size();

    /** Features per example. */
    int featureCount();

    /** Class of example {@code index}. */
    int label(int index);

    /**
     * @param scope owns the result
     * @param indices which examples
     * @return {@code [indices.length, featureCount()]} float32, a new array of the caller's (the probe applies its
     *     dropout mask in place), never a view of stored features
     */
    NDArray rows(NDManager scope, int[] indices);
}
