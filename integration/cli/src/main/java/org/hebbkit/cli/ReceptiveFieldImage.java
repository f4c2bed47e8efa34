package org.hebbkit.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hebbkit.model.AtomicFiles;
import org.hebbkit.model.HebbianNetwork;
import org.hebbkit.viz.UnitImages;

/**
 * The images {@code hebbkit train} writes of a network's units: {@code filters-layer1.png} (the first layer's
 * weights, {@link UnitImages#firstLayer}) and {@code receptive-fields-layerL.png} for every conv layer
 * {@code L >= 2} of the leading conv blocks ({@link UnitImages#receptiveFields}).
 */
final class ReceptiveFieldImage {

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
        BufferedImage first = UnitImages.firstLayer(network);
        if (first != null) {
            writePng(first, directory.resolve("filters-layer1.png"));
            written.add("filters-layer1.png");
        }
        for (Map.Entry<Integer, BufferedImage> layer : UnitImages.receptiveFields(network).entrySet()) {
            String name = "receptive-fields-layer" + layer.getKey() + ".png";
            writePng(layer.getValue(), directory.resolve(name));
            written.add(name);
        }
        return written;
    }

    /** Writes a PNG atomically: to a temporary file beside the target, then moved. */
    static void writePng(BufferedImage image, Path target) throws IOException {
        byte[] png = UnitImages.png(image);
        AtomicFiles.write(target, out -> out.write(png));
    }
}
