package org.hebbkit.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.hebbkit.nn.ReceptiveFields;

/**
 * The receptive fields in pixel space of the units of a network's layers (Miconi 2021): one
 * {@link ReceptiveFields.Field} {@code [units, channels, size, size]} per block, for the preset's input
 * shape. See {@link ReceptiveFields} for the formula and the definitions (pooling, padding, fully
 * connected layers).
 *
 * <pre>{@code
 * List<ReceptiveFields.Field> fields = NetworkReceptiveFields.of(network);
 * ReceptiveFields.Field layer2 = fields.get(1);   // e.g. [384, 3, 12, 12] for softhebb-cifar10-2layer
 * }</pre>
 */
public final class NetworkReceptiveFields {

    private NetworkReceptiveFields() {}

    /** The fields of every block; see {@link #of(HebbianNetwork, int)}. */
    public static List<ReceptiveFields.Field> of(HebbianNetwork network) {
        return of(network, network.blocks().size());
    }

    /**
     * The fields of blocks {@code [0, count)}, read inside a scope of the network (weights on a GPU are
     * copied and the copies freed).
     *
     * @param network the network
     * @param count how many blocks, from the input
     * @throws IllegalArgumentException for {@code count} outside {@code [0, blocks]}, or a block whose
     *     fields are not defined (see {@link ReceptiveFields#of})
     */
    @SuppressWarnings("try") // the scope is held, not used: copies made while reading the weights land in it
    public static List<ReceptiveFields.Field> of(HebbianNetwork network, int count) {
        int blocks = network.blocks().size();
        if (count < 0 || count > blocks) {
            throw new IllegalArgumentException("count must be between 0 and the network's " + blocks + " blocks, got "
                    + count);
        }
        // fields live in the pixel space the first block sees: after the preset's preprocessing (e.g. grayscale)
        Shape input = network.blockInputShape();
        try (NDManager scope = network.newScope()) {
            return ReceptiveFields.of(network.blocks().subList(0, count), input);
        }
    }
}
