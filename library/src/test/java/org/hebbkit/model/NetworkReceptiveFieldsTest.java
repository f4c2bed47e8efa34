package org.hebbkit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.hebbkit.nn.ReceptiveFields;
import org.junit.jupiter.api.Test;

/** The fields of a preset network: the geometry of the paper's 2-layer net and layer 1 as the weights. */
class NetworkReceptiveFieldsTest {

    @Test
    void twoLayerCifarPresetHasFieldsOfFiveAndTwelvePixels() {
        try (HebbianNetwork network = HebbianNetwork.create(Presets.get("softhebb-cifar10-2layer"), Device.cpu(), 0)) {
            List<ReceptiveFields.Field> fields = NetworkReceptiveFields.of(network);
            assertEquals(2, fields.size());
            ReceptiveFields.Field first = fields.get(0);
            ReceptiveFields.Field second = fields.get(1);
            assertEquals(List.of(96, 3, 5, 1, -2), List.of(first.units(), first.channels(), first.size(), first.step(),
                    first.origin()));
            // k5 pad 2 -> avg 4/2/1 (+3 px, step 2, origin -3) -> k3 pad 1 (+2 * 2 px, origin -3 - 2)
            assertEquals(List.of(384, 3, 12, 2, -5), List.of(second.units(), second.channels(), second.size(),
                    second.step(), second.origin()));
            try (NDManager scope = network.newScope()) {
                assertArrayEquals(network.blocks().get(0).layer().weight().toFloatArray(), first.values());
            }
            assertEquals(1, NetworkReceptiveFields.of(network, 1).size());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NetworkReceptiveFields.of(network, 3));
            assertTrue(e.getMessage().contains("count") && e.getMessage().contains("3"), e.getMessage());
        }
    }

    @Test
    void fieldsLiveInThePixelSpaceAfterPreprocessing() {
        // Miconi's simple network sees one grayscale channel: k5 -> avg 2/2 -> k3 -> avg 2/2 -> k3
        try (HebbianNetwork network = HebbianNetwork.create(Presets.get("miconi-cifar10-simple"), Device.cpu(), 0)) {
            List<ReceptiveFields.Field> fields = NetworkReceptiveFields.of(network);
            assertEquals(List.of(1, 1, 1), fields.stream().map(ReceptiveFields.Field::channels).toList());
            assertEquals(List.of(5, 10, 20), fields.stream().map(ReceptiveFields.Field::size).toList());
        }
    }
}
