/**
 * Transforms used by the seed papers: seeded shuffling and subsets of an {@link org.hebbkit.datasets.ImageSplit},
 * and batch transforms on {@code [N, C, H, W]} float {@link ai.djl.ndarray.NDArray}s (random crop, horizontal flip,
 * grayscale, ZCA whitening, difference-of-Gaussians filtering). Random transforms take a
 * {@link java.util.SplittableRandom}, so one seed gives the same result on every machine.
 */
package org.hebbkit.datasets.transform;
