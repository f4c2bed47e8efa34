package org.hebbkit.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hebbkit.model.HebbianNetwork;
import org.hebbkit.model.NetworkReceptiveFields;
import org.hebbkit.nn.HebbianConv2d;
import org.hebbkit.nn.ReceptiveFields;

/**
 * The images {@code hebbkit train} draws of a network's units: {@code filters-layer1.png} (the first
 * layer's weights, {@link FilterImage#writeFirstLayer}) and {@code receptive-fields-layerL.png} for every
 * conv layer {@code L >= 2} of the leading conv blocks: the receptive fields in pixel space of Miconi (2021)
 * ({@link ReceptiveFields}), the first {@value #MAX_UNITS} units, RGB tiles for 3 image channels and grey
 * for 1, each tile scaled to its own {@code max|value|} with zero at mid grey.
 */
final class ReceptiveFieldImage {

    /** Units drawn per layer at most. */
    static final int MAX_UNITS = 100;

    /** Tiles are about this many pixels wide (at least one pixel per field pixel). */
    private static final int TILE_PIXELS = 64;

    private ReceptiveFieldImage() {}

    /**
     * Writes the first layer's filters and the receptive fields of conv layers 2 and up.
     *
     * @param network a trained (or any) network
     * @param directory where the PNG files go
     * @return the names of the files written, layer order
     */
    static List<String> writeAll(HebbianNetwork network, Path directory) throws IOException {
        List<String> written = new ArrayList<>();
        if (FilterImage.writeFirstLayer(network, directory.resolve("filters-layer1.png"))) {
            written.add("filters-layer1.png");
        }
        int convBlocks = 0;
        while (convBlocks < network.blocks().size() && network.blocks().get(convBlocks).layer() instanceof HebbianConv2d) {
            convBlocks++;
        }
        if (convBlocks < 2) {
            return written;
        }
        List<ReceptiveFields.Field> fields = NetworkReceptiveFields.of(network, convBlocks);
        for (int layer = 2; layer <= convBlocks; layer++) {
            String name = "receptive-fields-layer" + layer + ".png";
            ReceptiveFields.Field field = fields.get(layer - 1);
            FilterImage.writePng(FilterImage.grid(field.values(), Math.min(MAX_UNITS, field.units()), field.channels(),
                    field.size(), scale(field.size()), FilterImage.Scaling.MAX_ABS), directory.resolve(name));
            written.add(name);
        }
        return written;
    }

    /** Pixels per field pixel for a field of side {@code size}. */
    static int scale(int size) {
        return Math.max(1, TILE_PIXELS / size);
    }
}
