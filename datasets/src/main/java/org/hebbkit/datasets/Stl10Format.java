package org.hebbkit.datasets;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parser of STL-10's binary version (Coates, Lee and Ng 2011; the format described in the dataset's
 * {@code README.txt} and its {@code stl10_input.py}): {@code *_X.bin} holds uint8 images back to back, 27,648 bytes
 * each, every image three 96 x 96 planes (red, green, blue) stored <em>column-major</em>: byte
 * {@code c * 9216 + column * 96 + row} of an image is pixel (row, column) of channel c. {@code *_y.bin} holds one
 * label byte per image, 1 to 10 (HebbKit's labels are 0 to 9). {@code fold_indices.txt} holds ten lines of
 * space-separated 0-based indices into the training images, the ten predefined training folds of 1,000 images.
 */
public final class Stl10Format {

    /** Image side in pixels. */
    public static final int SIDE = 96;
    /** Bytes per image: 3 x 96 x 96. */
    public static final int IMAGE_BYTES = 3 * SIDE * SIDE;

    private Stl10Format() {}

    /**
     * Copies {@code count} column-major images into {@code target} in HebbKit's row-major {@code [C, H, W]} layout.
     *
     * @param source STL-10 images, column-major planes
     * @param sourceOffset where the first image starts in {@code source}
     * @param target destination, {@code [*, 3, 96, 96]} row-major
     * @param targetOffset where the first image goes in {@code target}
     * @param count images to copy
     */
    public static void toRowMajor(byte[] source, int sourceOffset, byte[] target, int targetOffset, int count) {
        int plane = SIDE * SIDE;
        for (int i = 0; i < count; i++) {
            int from = sourceOffset + i * IMAGE_BYTES;
            int to = targetOffset + i * IMAGE_BYTES;
            for (int c = 0; c < 3; c++) {
                int planeFrom = from + c * plane;
                int planeTo = to + c * plane;
                for (int column = 0; column < SIDE; column++) {
                    int columnStart = planeFrom + column * SIDE;
                    for (int row = 0; row < SIDE; row++) {
                        target[planeTo + row * SIDE + column] = source[columnStart + row];
                    }
                }
            }
        }
    }

    /**
     * Labels of a {@code *_y.bin} file as 0-based classes.
     *
     * @param content the whole file
     * @param shownName the file's name for messages
     * @param expected labels the file must hold
     * @throws IOException for a wrong size or a label outside 1 to 10, naming the file and the fix
     */
    public static int[] labels(byte[] content, String shownName, int expected) throws IOException {
        if (content.length != expected) {
            throw new IOException(String.format("Wrong size for %s: expected %,d label bytes, found %,d bytes (%s)."
                    + " Delete the file and download it again.", shownName, expected, content.length,
                    content.length < expected ? "truncated" : "too long"));
        }
        int[] labels = new int[expected];
        for (int i = 0; i < expected; i++) {
            int label = Byte.toUnsignedInt(content[i]);
            if (label < 1 || label > 10) {
                throw new IOException(String.format("Label out of range in %s: label %d of image %,d, expected 1 to 10."
                        + " The file is corrupt: delete it and download it again.", shownName, label, i));
            }
            labels[i] = label - 1;
        }
        return labels;
    }

    /**
     * The ten training folds of {@code fold_indices.txt}.
     *
     * @param text the file's content
     * @param trainImages indices must lie in {@code [0, trainImages)}
     * @throws IOException for a file that is not ten lines of indices in range, naming the line
     */
    public static List<int[]> folds(String text, String shownName, int trainImages) throws IOException {
        List<int[]> folds = new ArrayList<>();
        String[] lines = text.strip().split("\\R");
        for (int line = 0; line < lines.length; line++) {
            String[] fields = lines[line].strip().split("\\s+");
            int[] fold = new int[fields.length];
            for (int i = 0; i < fields.length; i++) {
                try {
                    fold[i] = Integer.parseInt(fields[i]);
                } catch (NumberFormatException e) {
                    fold[i] = -1;
                }
                if (fold[i] < 0 || fold[i] >= trainImages) {
                    throw new IOException(String.format("Bad index '%s' on line %d of %s: expected an image index from 0"
                            + " to %d. The file is corrupt: delete it and download it again.", fields[i], line + 1,
                            shownName, trainImages - 1));
                }
            }
            folds.add(fold);
        }
        if (folds.size() != 10) {
            throw new IOException(String.format("%s has %d lines, expected 10 (one per fold)."
                    + " The file is corrupt: delete it and download it again.", shownName, folds.size()));
        }
        return folds;
    }
}
