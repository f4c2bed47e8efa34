/**
 * Training: the unsupervised Hebbian trainer ({@link org.hebbkit.train.UnsupervisedTrainer}), feature
 * extraction into a cache ({@link org.hebbkit.train.FeatureExtractor}), the linear probe and the ridge
 * readout and their score ({@link org.hebbkit.train.ReadoutScore}), per-layer metrics, and the listener
 * API whose events carry plain numbers only.
 */
package org.hebbkit.train;
