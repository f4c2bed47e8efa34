/**
 * Hebbian layers and the plain layers they are stacked with: {@link org.hebbkit.nn.HebbianConv2d},
 * {@link org.hebbkit.nn.HebbianLinear}, non-affine {@link org.hebbkit.nn.BatchNorm}, activations
 * ({@link org.hebbkit.nn.Triangle}), pooling, the SoftHebb {@link org.hebbkit.nn.HebbianBlock}, and the
 * {@link org.hebbkit.nn.ReceptiveFields} of units of any layer in pixel space.
 *
 * <p>Layers keep their state (weights, running statistics) on their own {@code NDManager}. Run each
 * batch inside {@link org.hebbkit.model.HebbianNetwork#newScope()} (or attach the layer's arrays to
 * your own sub-manager with {@code tempAttachAll}) so that intermediates are freed per batch.
 */
package org.hebbkit.nn;
