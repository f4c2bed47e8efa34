package org.hebbkit.datasets;

/** Which part of a benchmark dataset: the training images or the held-out test images. */
public enum Split {
    /** The training images (MNIST: 60,000; CIFAR: 50,000). */
    TRAIN,
    /** The test images (10,000 for every dataset here). */
    TEST
}
