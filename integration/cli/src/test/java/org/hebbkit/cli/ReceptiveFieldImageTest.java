package org.hebbkit.cli;

import org.hebbkit.run.ReceptiveFieldImage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.Device;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.hebbkit.model.HebbianNetwork;
import org.hebbkit.model.NetworkReceptiveFields;
import org.hebbkit.model.Presets;
import org.hebbkit.nn.ReceptiveFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PNG grids {@code hebbkit train} writes, on preset networks with their initial weights. */
class ReceptiveFieldImageTest {

    @TempDir
    Path temp;

    @Test
    void twoLayerNetworkGetsFiltersAndAGridOfSecondLayerFields() throws Exception {
        try (HebbianNetwork network = HebbianNetwork.create(Presets.get("softhebb-cifar10-2layer"), Device.cpu(), 0)) {
            assertEquals(List.of("filters-layer1.png", "receptive-fields-layer2.png"),
                    ReceptiveFieldImage.writeAll(network, temp));
            BufferedImage filters = ImageIO.read(temp.resolve("filters-layer1.png").toFile());
            assertEquals(16 * (5 * 6 + 2) + 2, filters.getWidth(), "16 tiles of 5x5 at 6 px per weight");

            BufferedImage fields = ImageIO.read(temp.resolve("receptive-fields-layer2.png").toFile());
            int tile = 12 * 5;
            assertEquals(60, tile, "12 px fields at 5 px per pixel");
            assertEquals(16 * (tile + 2) + 2, fields.getWidth(), "16 columns");
            assertEquals(7 * (tile + 2) + 2, fields.getHeight(), "100 of the 384 units: 7 rows");

            ReceptiveFields.Field field = NetworkReceptiveFields.of(network).get(1);
            int unit = 17;
            float largest = 0;
            for (int i = 0; i < field.valuesPerUnit(); i++) {
                largest = Math.max(largest, Math.abs(field.values()[unit * field.valuesPerUnit() + i]));
            }
            int left = 2 + (unit % 16) * (tile + 2);
            int top = 2 + (unit / 16) * (tile + 2);
            for (int y = 0; y < 12; y++) {
                for (int x = 0; x < 12; x++) {
                    int rgb = fields.getRGB(left + x * 5 + 2, top + y * 5 + 2);
                    for (int c = 0; c < 3; c++) {
                        int expected = Math.round((field.get(unit, c, y, x) + largest) / (2 * largest) * 255);
                        assertEquals(expected, (rgb >> (16 - 8 * c)) & 0xff, 1, "unit " + unit + " channel " + c
                                + " at (" + y + ", " + x + "): zero is mid grey, +-max|value| the extremes");
                    }
                }
            }
        }
    }

    @Test
    void aFullyConnectedNetworkGetsOnlyItsFilters() throws Exception {
        try (HebbianNetwork network = HebbianNetwork.create(Presets.get("softhebb-mnist-mlp"), Device.cpu(), 0)) {
            assertEquals(List.of("filters-layer1.png"), ReceptiveFieldImage.writeAll(network, temp));
            assertFalse(Files.exists(temp.resolve("receptive-fields-layer2.png")));
        }
    }
}
