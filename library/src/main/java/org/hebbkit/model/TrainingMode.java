package org.hebbkit.model;

/**
 * How the Hebbian blocks of a network learn. Journé et al. (2023), Section 5 and code.
 */
public enum TrainingMode {
    /**
     * Block by block (the paper's protocol): block b gets its epochs while blocks before it run in
     * inference mode (batch norms on running statistics), then it is frozen.
     */
    SUCCESSIVE,
    /**
     * One pass over the data for all blocks: at each batch every block learns in order, from the output
     * of the blocks below it computed in inference mode after their update on this batch.
     */
    CONSECUTIVE,
    /**
     * One pass, one forward: every block learns from the training-mode output of the block below
     * (batch norms on batch statistics), as SoftHebb's demo script.
     */
    SIMULTANEOUS;

    /** Parses {@code successive}, {@code consecutive} or {@code simultaneous}. */
    public static TrainingMode parse(String name) {
        for (TrainingMode mode : values()) {
            if (mode.name().equalsIgnoreCase(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("Unknown training mode '" + name
                + "'. Valid modes: successive, consecutive, simultaneous");
    }
}
