package org.hebbkit.cli;

import ai.djl.ndarray.NDManager;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.hebbkit.model.AtomicFiles;
import org.hebbkit.model.HebbianNetwork;
import org.hebbkit.nn.HebbianLayer;

/**
 * Draws a layer's filters as a grid of tiles: conv weights {@code [O, C, k, k]} as RGB tiles (C = 3) or
 * grayscale tiles (C = 1), each filter scaled to [0, 255] by its own range ({@link Scaling}): min and max,
 * as in SoftHebb's figures of first-layer receptive fields, or +-max|value| around mid grey.
 */
final class FilterImage {

    private static final int COLUMNS = 16;
    private static final int GAP = 2;

    private FilterImage() {}

    /** How each tile's values map to [0, 255]. */
    enum Scaling {
        /** The tile's minimum to 0 and maximum to 255. */
        MIN_MAX,
        /** {@code -max|value|} to 0, zero to mid grey, {@code +max|value|} to 255: the sign stays visible. */
        MAX_ABS
    }

    /** {@link #grid(float[], int, int, int, int, Scaling)} with each tile scaled by its min and max. */
    static BufferedImage grid(float[] weights, int filters, int channels, int side, int scale) {
        return grid(weights, filters, channels, side, scale, Scaling.MIN_MAX);
    }

    /**
     * @param weights row-major values of shape {@code [filters, channels, side, side]}
     * @param filters number of filters drawn (the first ones)
     * @param channels 1 or 3
     * @param side tile side in weights
     * @param scale pixels per weight
     * @param scaling how each tile's values map to [0, 255]
     */
    static BufferedImage grid(float[] weights, int filters, int channels, int side, int scale, Scaling scaling) {
        int columns = Math.min(COLUMNS, filters);
        int rows = (filters + columns - 1) / columns;
        int tile = side * scale;
        BufferedImage image = new BufferedImage(columns * (tile + GAP) + GAP, rows * (tile + GAP) + GAP,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, image.getWidth(), image.getHeight());
        graphics.dispose();
        int perFilter = channels * side * side;
        for (int f = 0; f < filters; f++) {
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < perFilter; i++) {
                min = Math.min(min, weights[f * perFilter + i]);
                max = Math.max(max, weights[f * perFilter + i]);
            }
            if (scaling == Scaling.MAX_ABS) {
                max = Math.max(Math.max(Math.abs(min), Math.abs(max)), Float.MIN_NORMAL);
                min = -max;
            }
            float range = max > min ? max - min : 1;
            int left = GAP + (f % columns) * (tile + GAP);
            int top = GAP + (f / columns) * (tile + GAP);
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    int[] rgb = new int[3];
                    for (int c = 0; c < 3; c++) {
                        int channel = channels == 3 ? c : 0;
                        float value = weights[f * perFilter + (channel * side + y) * side + x];
                        rgb[c] = Math.round((value - min) / range * 255);
                    }
                    int colour = (rgb[0] << 16) | (rgb[1] << 8) | rgb[2];
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) {
                            image.setRGB(left + x * scale + dx, top + y * scale + dy, colour);
                        }
                    }
                }
            }
        }
        return image;
    }

    /**
     * Draws the first layer's weights: conv filters {@code [O, C, k, k]}, all of them at 6 px per weight, or
     * the first 100 neurons of a fully connected layer over square grey images at 2 px per weight.
     *
     * @return whether an image was written (not for a fully connected layer over a non-square input)
     */
    static boolean writeFirstLayer(HebbianNetwork network, Path target) throws IOException {
        HebbianLayer first = network.blocks().get(0).layer();
        float[] weights;
        try (NDManager scope = network.newScope()) {
            weights = first.weight().toFloatArray();
        }
        var shape = first.weight().getShape();
        BufferedImage image;
        if (shape.dimension() == 4) {
            image = grid(weights, (int) shape.get(0), (int) shape.get(1), (int) shape.get(2), 6);
        } else {
            int inputs = (int) shape.get(1);
            int side = (int) Math.round(Math.sqrt(inputs));
            if (side * side != inputs) {
                return false;
            }
            image = grid(weights, Math.min(100, (int) shape.get(0)), 1, side, 2);
        }
        writePng(image, target);
        return true;
    }

    /** Writes a PNG atomically: to a temporary file beside the target, then moved. */
    static void writePng(BufferedImage image, Path target) throws IOException {
        AtomicFiles.write(target, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available in this JVM");
            }
        });
    }
}
