package org.hebbkit.datasets;

import java.nio.file.Path;
import java.util.Map;

/**
 * Finds the directory that holds HebbKit's datasets.
 *
 * <p>Order of precedence: an explicit directory given by the caller, then the system property
 * {@value #PROPERTY}, then the environment variable {@value #ENVIRONMENT}, then
 * {@code ~/.hebbkit/datasets}. The layout inside is one folder per dataset:
 * {@code mnist/*.gz}, {@code fashion-mnist/*.gz}, {@code cifar-10/cifar-10-batches-bin/*.bin},
 * {@code cifar-100/cifar-100-binary/*.bin}, {@code stl-10/stl10_binary/*.bin},
 * {@code imagenette/imagenette2-160/{train,val}/CLASS/*}, {@code imagenet/{train,val}/CLASS/*}. The directory may be
 * read-only: HebbKit writes into it only when a download was asked for.
 */
public final class DataDirectory {

    /** System property naming the data directory. */
    public static final String PROPERTY = "hebbkit.data";
    /** Environment variable naming the data directory. */
    public static final String ENVIRONMENT = "HEBBKIT_DATA";
    /** Environment variable naming a mirror base URL (http, https or file) laid out like the data directory. */
    public static final String MIRROR_ENVIRONMENT = "HEBBKIT_DATASET_MIRROR";
    /** System property naming a mirror base URL; wins over {@value #MIRROR_ENVIRONMENT}. */
    public static final String MIRROR_PROPERTY = "hebbkit.dataset.mirror";

    private DataDirectory() {}

    /**
     * Resolves the data directory; a relative path is taken from the working directory.
     *
     * @param explicit the caller's choice, or {@code null} to fall back to property, environment, default
     * @return an absolute path (it need not exist)
     */
    public static Path resolve(Path explicit) {
        return resolve(explicit, Path.of(""));
    }

    /**
     * Resolves the data directory as {@link #resolve(Path)} does, but takes a relative path (explicit,
     * {@value #PROPERTY} or {@value #ENVIRONMENT}) from {@code base} instead of the working directory: for
     * programs whose working directory is not the one the user's path was written from. HebbKit's test
     * suites pass the project root, so that {@code HEBBKIT_DATA=../shared/datasets mvn verify} means the
     * same directory in every module.
     *
     * @param explicit the caller's choice, or {@code null} to fall back to property, environment, default
     * @param base the directory relative paths are taken from
     * @return an absolute path (it need not exist)
     */
    public static Path resolve(Path explicit, Path base) {
        return resolve(explicit, System.getProperties().getProperty(PROPERTY), System.getenv(), base);
    }

    static Path resolve(Path explicit, String property, Map<String, String> environment, Path base) {
        Path chosen;
        String fromEnvironment = environment.get(ENVIRONMENT);
        if (explicit != null) {
            chosen = explicit;
        } else if (property != null && !property.isBlank()) {
            chosen = Path.of(property);
        } else if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            chosen = Path.of(fromEnvironment);
        } else {
            chosen = Path.of(System.getProperty("user.home"), ".hebbkit", "datasets");
        }
        return base.toAbsolutePath().resolve(chosen).normalize();
    }

    /** The mirror base URL from {@value #MIRROR_PROPERTY} or {@value #MIRROR_ENVIRONMENT}, or {@code null}. */
    public static String mirrorFromEnvironment() {
        String property = System.getProperty(MIRROR_PROPERTY);
        if (property != null && !property.isBlank()) {
            return property;
        }
        String environment = System.getenv(MIRROR_ENVIRONMENT);
        return environment == null || environment.isBlank() ? null : environment;
    }
}
