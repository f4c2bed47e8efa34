package org.hebbkit.datasets;

/**
 * Which part of a benchmark dataset: the training images, the held-out test images, or images published without
 * labels for unsupervised learning (STL-10's 100,000). A dataset offers the splits its description lists
 * ({@link DatasetDescription#splits()}).
 */
public enum Split {
    /** The training images (MNIST: 60,000; CIFAR: 50,000; STL-10: 5,000). */
    TRAIN,
    /** The test images (MNIST, CIFAR: 10,000; STL-10: 8,000; ImageNet: its 50,000 validation images). */
    TEST,
    /** Images without labels, for the unsupervised stage only (STL-10: 100,000). */
    UNLABELED
}
