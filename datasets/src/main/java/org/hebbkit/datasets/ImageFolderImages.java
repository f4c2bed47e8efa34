package org.hebbkit.datasets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.hebbkit.datasets.transform.Resize;

/**
 * The images of class folders, decoded and resized when they are asked for: the source for a split too large for
 * memory (ImageNet: 98 GB as 160 x 160 bytes). It keeps only the list of files and their labels ({@link #heldBytes()}:
 * about 100 bytes per image, 130 MB for ImageNet's training split); a batch of n images holds n decoded images at
 * their stored size for a moment, then {@code 3 * side * side} bytes and floats each.
 *
 * <pre>{@code
 * try (ImageSource train = ImageNet-loader.prepareSource()) {
 *     NDArray x = train.images(scope, new int[] {0, 1_281_166});   // [2, 3, 160, 160]
 * }
 * }</pre>
 */
public final class ImageFolderImages extends AbstractImageSource {

    private final List<Path> files;
    private final int[] labels;
    private final List<String> classNames;
    private final int side;

    /**
     * @param name what the images are, for messages
     * @param files one image file per image
     * @param labels the label of each file, in {@code [0, classNames.size())}
     * @param classNames index = label
     * @param side images are resized to {@code side x side}
     */
    public ImageFolderImages(String name, List<Path> files, int[] labels, List<String> classNames, int side) {
        super(name, 3, side, side);
        this.files = List.copyOf(files);
        this.labels = labels.clone();
        this.classNames = List.copyOf(classNames);
        if (files.size() != labels.length) {
            throw new IllegalArgumentException(files.size() + " files but " + labels.length + " labels");
        }
        this.side = side;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    /** The file of image {@code index}. */
    public Path file(int index) {
        return files.get(index);
    }

    @Override
    public long heldBytes() {
        long paths = 0;
        for (Path file : files) {
            paths += 40 + 2L * file.toString().length();
        }
        return paths + 4L * labels.length;
    }

    @Override
    public NDArray images(NDManager manager, int[] indices) {
        int imageBytes = imageBytes();
        byte[] pixels = new byte[Math.multiplyExact(indices.length, imageBytes)];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(decode(files.get(indices[i]), side), 0, pixels, i * imageBytes, imageBytes);
        }
        return scaled(manager, pixels, indices.length);
    }

    @Override
    public ImageSplit chunk(int from, int to) {
        checkRange(from, to);
        int imageBytes = imageBytes();
        byte[] pixels = new byte[Math.multiplyExact(to - from, imageBytes)];
        for (int i = from; i < to; i++) {
            System.arraycopy(decode(files.get(i), side), 0, pixels, (i - from) * imageBytes, imageBytes);
        }
        return new ImageSplit(name() + " [" + from + ", " + to + ")", pixels, java.util.Arrays.copyOfRange(labels, from, to),
                3, side, side, classNames);
    }

    @Override
    public void close() {}

    /**
     * One image file as RGB uint8 {@code [3, side, side]}: decoded (JPEG or PNG; grayscale and palette images become
     * RGB, transparency is dropped) and resized with {@link Resize}.
     *
     * @throws UncheckedIOException naming the file when it cannot be decoded (truncated, foreign, CMYK JPEG)
     */
    public static byte[] decode(Path file, int side) {
        BufferedImage image;
        List<String> warnings = new java.util.ArrayList<>();
        try (javax.imageio.stream.ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            java.util.Iterator<javax.imageio.ImageReader> readers = in == null ? java.util.Collections.emptyIterator()
                    : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw unreadable(file, "not a JPEG or PNG image", null);
            }
            javax.imageio.ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                // a truncated JPEG decodes with a warning ("Premature end of JPEG file") and grey rows: refuse it
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof UncheckedIOException unchecked) {
                throw unchecked;
            }
            throw unreadable(file, e.getMessage(), e);
        }
        if (!warnings.isEmpty()) {
            throw unreadable(file, String.join("; ", warnings), null);
        }
        int height = image.getHeight();
        int width = image.getWidth();
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        int plane = height * width;
        byte[] planes = new byte[3 * plane];
        for (int p = 0; p < plane; p++) {
            int pixel = argb[p];
            planes[p] = (byte) (pixel >> 16);
            planes[plane + p] = (byte) (pixel >> 8);
            planes[2 * plane + p] = (byte) pixel;
        }
        return height == side && width == side ? planes : Resize.planes(planes, 3, height, width, side, side);
    }

    private static UncheckedIOException unreadable(Path file, String why, Exception cause) {
        return new UncheckedIOException(new IOException("Cannot decode " + file + " (" + why + "). The file is truncated,"
                + " corrupt or not a JPEG/PNG image (CMYK JPEGs must be converted to RGB first): replace it with the"
                + " official file, or remove it from its class folder.", cause));
    }
}
