/**
 * Networks of Hebbian blocks, the presets that define them (typed, strict JSON through {@link org.hebbkit.model.Configs}
 * and the {@link org.hebbkit.model.Components} registry), the linear readout on their features, devices,
 * checkpoints, and the receptive fields of a network's units ({@link org.hebbkit.model.NetworkReceptiveFields}).
 * This package does not depend on {@code org.hebbkit.train}: training uses models, never the other way round.
 */
package org.hebbkit.model;
