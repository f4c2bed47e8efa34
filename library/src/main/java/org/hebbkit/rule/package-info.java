/**
 * Learning rules as pure functions of weights and activity, and the competitions that turn a
 * layer's pre-activation into the post-synaptic activity the rules use.
 *
 * <p>Every array is in the patch layout of {@link org.hebbkit.nn.HebbianLayer}: weight {@code [O, I]},
 * input patches {@code [I, N]}, pre-activation and post-synaptic activity {@code [O, N]}, where
 * {@code O} is the number of neurons (output channels), {@code I} the fan-in and {@code N} the number of
 * (image, position) pairs in the batch.
 */
package org.hebbkit.rule;
