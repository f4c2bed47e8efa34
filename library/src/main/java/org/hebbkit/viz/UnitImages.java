package org.hebbkit.viz;

import ai.djl.ndarray.NDManager;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import javax.imageio.ImageIO;
import org.hebbkit.model.HebbianNetwork;
import org.hebbkit.model.NetworkReceptiveFields;
import org.hebbkit.nn.HebbianConv2d;
import org.hebbkit.nn.HebbianLayer;
import org.hebbkit.nn.ReceptiveFields;

/**
 * Pictures of a network's units. Draws a layer's filters as a grid of tiles: conv weights {@code [O, C, k, k]} as RGB tiles (C = 3) or
 * grayscale tiles (C = 1), each filter scaled to [0, 255] by its own range ({@link Scaling}): min and max,
 * as in SoftHebb's figures of first-layer receptive fields, or +-max|value| around mid grey.
 */
public final class UnitImages {

    private static final int COLUMNS = 16;
    private static final int GAP = 2;

    private UnitImages() {}

    /** How each tile's values map to [0, 255]. */
    public enum Scaling {
        /** The tile's minimum to 0 and maximum to 255. */
        MIN_MAX,
        /** {@code -max|value|} to 0, zero to mid grey, {@code +max|value|} to 255: the sign stays visible. */
        MAX_ABS
    }

    /** {@link #grid(float[], int, int, int, int, Scaling)} with each tile scaled by its min and max. */
    public static BufferedImage grid(float[] weights, int filters, int channels, int side, int scale) {
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
    public static BufferedImage grid(float[] weights, int filters, int channels, int side, int scale, Scaling scaling) {
        return grid(weights, filters, channels, side, scale, scaling, null);
    }

    /**
     * The grid with some tiles framed: a green frame in the gap around each tile whose {@code marked} entry is
     * true (e.g. the neurons whose weights converged to radius 1).
     *
     * @param marked one flag per drawn filter, or {@code null} for none
     */
    public static BufferedImage grid(float[] weights, int filters, int channels, int side, int scale, Scaling scaling,
            boolean[] marked) {
        BufferedImage image = tiles(weights, filters, channels, side, scale, scaling);
        if (marked != null) {
            int columns = Math.min(COLUMNS, filters);
            int tile = side * scale;
            Graphics2D graphics = image.createGraphics();
            graphics.setColor(new Color(0, 160, 60));
            for (int f = 0; f < filters; f++) {
                if (marked[f]) {
                    int left = GAP + (f % columns) * (tile + GAP);
                    int top = GAP + (f / columns) * (tile + GAP);
                    graphics.drawRect(left - 1, top - 1, tile + 1, tile + 1);
                }
            }
            graphics.dispose();
        }
        return image;
    }

    private static BufferedImage tiles(float[] weights, int filters, int channels, int side, int scale, Scaling scaling) {
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
     * The first layer's weights: conv filters {@code [O, C, k, k]}, all of them at 6 px per weight, or the first
     * 100 neurons of a fully connected layer over square grey images at 2 px per weight.
     *
     * @return the image, or {@code null} for a fully connected layer over a non-square input
     */
    public static BufferedImage firstLayer(HebbianNetwork network) {
        HebbianLayer first = network.blocks().get(0).layer();
        float[] weights;
        try (NDManager scope = network.newScope()) {
            weights = first.weight().toFloatArray();
        }
        var shape = first.weight().getShape();
        if (shape.dimension() == 4) {
            return grid(weights, (int) shape.get(0), (int) shape.get(1), (int) shape.get(2), 6);
        }
        int inputs = (int) shape.get(1);
        int side = (int) Math.round(Math.sqrt(inputs));
        if (side * side != inputs) {
            return null;
        }
        return grid(weights, Math.min(100, (int) shape.get(0)), 1, side, 2);
    }

    /**
     * The receptive fields in pixel space (Miconi 2021, {@link ReceptiveFields}) of every conv layer
     * {@code L >= 2} of the leading conv blocks: the first {@value #MAX_UNITS} units, RGB tiles for 3 image
     * channels and grey for 1, each tile scaled to its own {@code max|value|} with zero at mid grey.
     *
     * @return layer number (counting from 1) to image, in layer order; empty with fewer than 2 conv blocks
     */
    public static java.util.Map<Integer, BufferedImage> receptiveFields(HebbianNetwork network) {
        java.util.Map<Integer, BufferedImage> images = new java.util.LinkedHashMap<>();
        int convBlocks = 0;
        while (convBlocks < network.blocks().size() && network.blocks().get(convBlocks).layer() instanceof HebbianConv2d) {
            convBlocks++;
        }
        if (convBlocks < 2) {
            return images;
        }
        java.util.List<ReceptiveFields.Field> fields = NetworkReceptiveFields.of(network, convBlocks);
        for (int layer = 2; layer <= convBlocks; layer++) {
            ReceptiveFields.Field field = fields.get(layer - 1);
            images.put(layer, grid(field.values(), Math.min(MAX_UNITS, field.units()), field.channels(), field.size(),
                    scale(field.size()), Scaling.MAX_ABS));
        }
        return images;
    }

    /** Units drawn per layer at most. */
    public static final int MAX_UNITS = 100;

    /** Tiles are about this many pixels wide (at least one pixel per field pixel). */
    private static final int TILE_PIXELS = 64;

    /** Pixels per field pixel for a field of side {@code size}. */
    static int scale(int size) {
        return Math.max(1, TILE_PIXELS / size);
    }

    /** The image as PNG bytes. */
    public static byte[] png(BufferedImage image) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer available in this JVM");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
