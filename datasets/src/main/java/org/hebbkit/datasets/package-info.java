/**
 * Benchmark image datasets for HebbKit: MNIST, Fashion-MNIST, CIFAR-10 and CIFAR-100.
 *
 * <p>Building a dataset touches neither disk nor network; {@link org.hebbkit.datasets.ImageDataset#prepare}
 * finds the files in the data directory ({@link org.hebbkit.datasets.DataDirectory}), downloads them when
 * asked (from the canonical URLs or a mirror), verifies sizes and checksums, and loads one split into
 * an {@link org.hebbkit.datasets.ImageSplit}: all pixels in one {@code byte[]}, batches built as DJL
 * {@code NDArray}s on demand.
 */
package org.hebbkit.datasets;
