package org.hebbkit.run;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hebbkit.model.AtomicFiles;
import org.hebbkit.model.HebbianNetwork;
import org.hebbkit.report.ImageGrid;
import org.hebbkit.report.UnitGrids;
import org.hebbkit.viz.UnitImages;

/**
 * The images {@code hebbkit train} writes of a network's units: {@code filters-layer1.png} (the first layer's
 * weights, {@link UnitImages#firstLayer}) and {@code receptive-fields-layerL.png} for every conv layer
 * {@code L >= 2} of the leading conv blocks ({@link UnitImages#receptiveFields}), drawn by {@link UnitGrids}.
 */
public final class ReceptiveFieldImage {

    private ReceptiveFieldImage() {}

    /**
     * Draws and writes the first layer's filters and the receptive fields of conv layers 2 and up.
     *
     * @param network a trained (or any) network
     * @param directory where the PNG files go
     * @return the names of the files written, layer order
     */
    public static List<String> writeAll(HebbianNetwork network, Path directory) throws IOException {
        return writeAll(UnitGrids.of(network), directory);
    }

    /**
     * Writes pictures already drawn: {@code filters-layer1.png} and {@code receptive-fields-layerL.png}.
     *
     * @param grids the network's unit pictures
     * @param directory where the PNG files go
     * @return the names of the files written, layer order
     */
    public static List<String> writeAll(UnitGrids grids, Path directory) throws IOException {
        List<String> written = new ArrayList<>();
        if (grids.getFilters() != null) {
            writePng(grids.getFilters().getImage(), directory.resolve("filters-layer1.png"));
            written.add("filters-layer1.png");
        }
        for (Map.Entry<Integer, ImageGrid> layer : grids.getReceptiveFields().entrySet()) {
            String name = "receptive-fields-layer" + layer.getKey() + ".png";
            writePng(layer.getValue().getImage(), directory.resolve(name));
            written.add(name);
        }
        return written;
    }

    /** Writes a PNG atomically: to a temporary file beside the target, then moved. */
    public static void writePng(BufferedImage image, Path target) throws IOException {
        byte[] png = UnitImages.png(image);
        AtomicFiles.write(target, out -> out.write(png));
    }
}
