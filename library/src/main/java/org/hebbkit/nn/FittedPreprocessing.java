package org.hebbkit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * A preprocessing step with parameters fitted once on a sample of the training images (ZCA whitening). Its
 * record holds the settings; the fitted parameters are an array that the network owns, names
 * ({@code preprocessing1.zca}), saves in checkpoints and restores, like a layer's weights.
 *
 * <p>Call order: {@link #stateShape} when the network is built; {@link #fit} once, on images that went
 * through the steps before this one; then {@link #apply(NDArray, NDArray)} per batch.
 */
public interface FittedPreprocessing extends Preprocessing {

    /** How many training images the fit reads (fewer when the training set is smaller). */
    int fitImages();

    /** The name of the fitted array in checkpoints, e.g. {@code zca}. */
    String stateName();

    /**
     * @param input one image's shape {@code [C, H, W]}
     * @return the shape of the fitted parameters
     */
    Shape stateShape(Shape input);

    /**
     * Fits the parameters.
     *
     * @param sample {@code [n, C, H, W]}
     * @return the parameters, {@link #stateShape}, float32, on the sample's manager
     */
    NDArray fit(NDArray sample);

    /**
     * @param images {@code [B, C, H, W]}
     * @param state the fitted parameters
     * @return the transformed images
     */
    NDArray apply(NDArray images, NDArray state);

    /** A fitted step needs its parameters: {@link #apply(NDArray, NDArray)}, or a network that owns them. */
    @Override
    default NDArray apply(NDArray images) {
        throw new IllegalStateException(getClass().getSimpleName() + " needs its fitted parameters: use it as a"
                + " preset's preprocessing (HebbianNetwork fits and applies it) or call apply(images, fit(sample))");
    }
}
