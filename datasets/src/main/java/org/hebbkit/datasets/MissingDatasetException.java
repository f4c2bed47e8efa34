package org.hebbkit.datasets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A dataset's files are not in the data directory and no download was asked for. The message names
 * the directory searched, the missing files and the ways to get them.
 */
public final class MissingDatasetException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path dataDirectory;

    /**
     * @param dataset the dataset and split ({@code "cifar-10 train"})
     * @param dataDirectory the directory that was searched
     * @param missing paths relative to it that were not found
     */
    public MissingDatasetException(String dataset, Path dataDirectory, List<String> missing) {
        this(dataset, dataDirectory, missing, null);
    }

    /**
     * @param dataset the dataset and split ({@code "imagenet train"})
     * @param dataDirectory the directory that was searched
     * @param missing paths relative to it that were not found
     * @param howToGet how to get a dataset that has no public download, instead of the download advice; or {@code null}
     */
    public MissingDatasetException(String dataset, Path dataDirectory, List<String> missing, String howToGet) {
        super(howToGet != null ? String.format("Dataset %s not found in data directory %s: missing %s.%n%s.",
                dataset, dataDirectory, String.join(", ", missing), howToGet) : String.format(
                "Dataset %s not found in data directory %s: missing %s.%n"
                        + "The data directory is, in order: the explicit option (CLI --data), -D%s, $%s,"
                        + " ~/.hebbkit/datasets.%n"
                        + "To get the files: enable download (builder optDownload(true), CLI --download),"
                        + " set %s to a mirror laid out like the data directory (http, https or file:),"
                        + " or copy the official files there.",
                dataset, dataDirectory, String.join(", ", missing), DataDirectory.PROPERTY,
                DataDirectory.ENVIRONMENT, DataDirectory.MIRROR_ENVIRONMENT));
        this.dataDirectory = dataDirectory;
    }

    /** The directory that was searched. */
    public Path dataDirectory() {
        return dataDirectory;
    }
}
