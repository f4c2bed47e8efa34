/**
 * Networks of Hebbian blocks, the paper presets that define them (readable JSON data), devices and
 * checkpoints.
 */
package org.hebbkit.model;
