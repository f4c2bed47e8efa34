package org.hebbkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import org.hebbkit.RealImages;
import org.hebbkit.engine.MatMul;
import org.hebbkit.nn.HebbianBlock;
import org.hebbkit.nn.HebbianConv2d;
import org.hebbkit.train.LabelledImages;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The blocks of SoftHebb's 3-layer CIFAR-10 preset learning through each other formulation against the patches
 * formulation on the engine's matrix multiply (HebbKit's floats before either existed), on real CIFAR-10 images:
 * same seed, same batches, the weights and responses agree up to float32 rounding. Winograd's algorithm (blocks 2 and
 * 3, the 3 x 3 convolutions over 96 and 384 channels) and the products on oneDNN ({@link MatMul}, every block).
 */
class FormulationTest {

    private static final int BATCH = 10;
    private static final int BATCHES = 15;

    /** What the candidate block differs in from the reference. */
    enum Formulation {
        WINOGRAD(1, HebbianConv2d.Algorithm.WINOGRAD, MatMul.Kernel.ENGINE),
        ONEDNN_PRODUCTS(0, HebbianConv2d.Algorithm.PATCHES, MatMul.Kernel.ONEDNN);

        final int firstBlock;
        final HebbianConv2d.Algorithm algorithm;
        final MatMul.Kernel kernel;

        Formulation(int firstBlock, HebbianConv2d.Algorithm algorithm, MatMul.Kernel kernel) {
            this.firstBlock = firstBlock;
            this.algorithm = algorithm;
            this.kernel = kernel;
        }
    }

    @ParameterizedTest
    @EnumSource(Formulation.class)
    void blocksLearnTheSameUpToRounding(Formulation formulation) throws IOException {
        try (MatMul.Scope kernel = MatMul.use(MatMul.kernel())) {
            compare(formulation, kernel);
        }
    }

    private static void compare(Formulation formulation, MatMul.Scope kernel) throws IOException {
        Preset preset = Presets.get("softhebb-cifar10-3layer");
        LabelledImages data = RealImages.cifar10(false, BATCH * BATCHES);
        try (HebbianNetwork network = HebbianNetwork.create(preset, Device.cpu(), 0)) {
            // block 1 learns first, so that block 2 sees features rather than a random projection
            for (int b = 0; b < BATCHES; b++) {
                try (NDManager scope = network.newScope()) {
                    network.blocks().get(0).learn(network.forward(images(scope, data, b), 0), HebbianBlock.Phase.LEARN);
                }
            }
            for (int k = formulation.firstBlock; k <= 2; k++) {
                try (NDManager manager = network.manager().newSubManager()) {
                    Shape input;
                    try (NDManager scope = network.newScope()) {
                        Shape batch = network.forward(images(scope, data, 0), k).getShape();
                        input = batch.slice(1);
                    }
                    BlockSpec spec = preset.blocks().get(k);
                    HebbianBlock patches = HebbianNetwork.block(manager, spec, input, 5, HebbianConv2d.Algorithm.PATCHES);
                    HebbianBlock candidate = HebbianNetwork.block(manager, spec, input, 5, formulation.algorithm);
                    assertEquals(formulation.algorithm, ((HebbianConv2d) candidate.layer()).algorithm(Device.cpu()));
                    float[] initial = patches.layer().weight().toFloatArray();
                    for (int b = 0; b < BATCHES; b++) {
                        try (NDManager scope = network.newScope()) {
                            NDArray x = network.forward(images(scope, data, b), k);
                            kernel.choose(MatMul.Kernel.ENGINE);
                            patches.learn(x, HebbianBlock.Phase.LEARN);
                            kernel.choose(formulation.kernel);
                            candidate.learn(x, HebbianBlock.Phase.LEARN);
                        }
                    }
                    float[] expected = patches.layer().weight().toFloatArray();
                    float[] actual = candidate.layer().weight().toFloatArray();
                    double moved = maxDifference(initial, expected);
                    double apart = maxDifference(expected, actual);
                    assertTrue(moved > 1e-3, "block " + (k + 1) + " learnt (largest weight change " + moved + ")");
                    assertTrue(apart < 1e-4 * moved, "block " + (k + 1) + ": " + formulation + "'s weights within 1e-4"
                            + " of the change from the patches' (largest difference " + apart + ", change " + moved + ")");
                    try (NDManager scope = network.newScope()) {
                        NDArray x = network.forward(images(scope, data, 0), k);
                        float[] outPatches = patches.forward(x, HebbianBlock.Phase.INFER).toFloatArray();
                        float[] outCandidate = candidate.forward(x, HebbianBlock.Phase.INFER).toFloatArray();
                        double scale = maxDifference(outPatches, new float[outPatches.length]);
                        assertTrue(maxDifference(outPatches, outCandidate) < 1e-4 * scale,
                                "block " + (k + 1) + "'s outputs agree");
                    }
                    assertEquals(patches.layer().columnsSeen(), candidate.layer().columnsSeen());
                }
            }
        }
    }

    private static NDArray images(NDManager scope, LabelledImages data, int batch) {
        return data.images(scope, org.hebbkit.train.LabelledImages.range(batch * BATCH, (batch + 1) * BATCH));
    }

    private static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }
}
