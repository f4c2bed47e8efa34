/**
 * Networks of Hebbian blocks, the paper presets that define them (readable JSON data), the linear
 * readout on their features, devices and checkpoints. This package does not depend on
 * {@code org.hebbkit.train}: training uses models, never the other way round.
 */
package org.hebbkit.model;
