/**
 * HebbKit: Hebbian deep learning on DJL. Learning rules ({@link org.hebbkit.rule}), Hebbian layers and
 * blocks ({@link org.hebbkit.nn}), trainers, probes and metrics ({@link org.hebbkit.train}), networks,
 * presets and checkpoints ({@link org.hebbkit.model}). {@code NDArray} is the currency throughout.
 */
package org.hebbkit;
