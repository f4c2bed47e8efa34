/**
 * The rule zoo: learning rules as functions of weights and activity ({@link org.hebbkit.rule.SoftHebbRule},
 * {@link org.hebbkit.rule.PlainHebb}, {@link org.hebbkit.rule.Instar}, {@link org.hebbkit.rule.Oja},
 * {@link org.hebbkit.rule.Bcm}), each reduced to the two {@link org.hebbkit.rule.HebbianTerms} from which both the
 * explicit update and its surrogate loss follow; the competitions that turn a layer's response into the
 * post-synaptic activity the rules use (hard, k- and soft winner-take-all, soft-Krotov, Krotov's ranking,
 * Miconi's adaptive thresholds); the responses ({@link org.hebbkit.rule.LinearResponse},
 * {@link org.hebbkit.rule.KrotovCurrents}); and the learning-rate schedules. Running state (thresholds) is
 * declared here ({@link org.hebbkit.rule.StateVariable}) and owned by the layer.
 *
 * <p>Every array is in the patch layout of {@link org.hebbkit.nn.HebbianLayer}: weight {@code [O, I]},
 * input patches {@code [I, N]}, pre-activation and post-synaptic activity {@code [O, N]}, where
 * {@code O} is the number of neurons (output channels), {@code I} the fan-in and {@code N} the number of
 * (image, position) pairs in the batch.
 */
package org.hebbkit.rule;
