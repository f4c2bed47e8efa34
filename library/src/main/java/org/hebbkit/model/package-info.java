/**
 * Networks of Hebbian blocks, the paper presets that define them (readable JSON data), devices,
 * checkpoints, and the receptive fields of a network's units ({@link org.hebbkit.model.NetworkReceptiveFields}).
 */
package org.hebbkit.model;
