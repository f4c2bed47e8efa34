package org.hebbkit.datasets;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The facts every {@link DatasetDescription} states, held once: names, image shape, classes, split sizes and
 * citation. A kind of dataset ({@link IdxDescription}, {@link CifarDescription}, {@link ImageFolderDescription},
 * {@link Stl10}) extends it and adds only its files, its format and its loader.
 *
 * <pre>{@code
 * public final class Tiny extends AbstractDatasetDescription {
 *     public Tiny() { super("tiny", List.of(), 1, 8, 8, List.of("0", "1"), Map.of(Split.TRAIN, 20, Split.TEST, 10), "me"); }
 *     ... files(), format(), loader()
 * }
 * }</pre>
 */
public abstract class AbstractDatasetDescription implements DatasetDescription {

    private final String name;
    private final List<String> aliases;
    private final int channels;
    private final int height;
    private final int width;
    private final List<String> classNames;
    private final Map<Split, Integer> sizes;
    private final String citation;

    /**
     * @param name canonical name, lower case, also the dataset's folder in the data directory
     * @param aliases other names users type
     * @param channels colour channels of an image, at least 1
     * @param height image height in pixels, at least 1
     * @param width image width in pixels, at least 1
     * @param classNames index = label
     * @param sizes images per split; its splits, in {@link Split}'s order, are {@link #splits()}
     * @param citation authors and year
     */
    protected AbstractDatasetDescription(String name, List<String> aliases, int channels, int height, int width,
            List<String> classNames, Map<Split, Integer> sizes, String citation) {
        this.name = Objects.requireNonNull(name, "name");
        if (sizes.isEmpty()) {
            throw new IllegalArgumentException("sizes of " + name + " must name at least one split");
        }
        this.aliases = List.copyOf(aliases);
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("the images of " + name + " must have at least 1 channel and 1 x 1 pixels,"
                    + " got " + channels + " x " + height + " x " + width);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.classNames = List.copyOf(classNames);
        this.sizes = new EnumMap<>(sizes);
        this.citation = Objects.requireNonNull(citation, "citation");
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final List<String> aliases() {
        return aliases;
    }

    @Override
    public final int channels() {
        return channels;
    }

    @Override
    public final int height() {
        return height;
    }

    @Override
    public final int width() {
        return width;
    }

    @Override
    public final List<String> classNames() {
        return classNames;
    }

    @Override
    public final int size(Split split) {
        return sizes.getOrDefault(split, 0);
    }

    @Override
    public final List<Split> splits() {
        return List.copyOf(sizes.keySet());
    }

    @Override
    public final String citation() {
        return citation;
    }
}
