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
 * {@code cifar-100/cifar-100-binary/*.bin}. The directory may be read-only: HebbKit writes into
 * it only when a download was asked for.
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
     * Resolves the data directory.
     *
     * @param explicit the caller's choice, or {@code null} to fall back to property, environment, default
     * @return an absolute path (it need not exist)
     */
    public static Path resolve(Path explicit) {
        return resolve(explicit, System.getProperties().getProperty(PROPERTY), System.getenv());
    }

    static Path resolve(Path explicit, String property, Map<String, String> environment) {
        if (explicit != null) {
            return explicit.toAbsolutePath().normalize();
        }
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        String fromEnvironment = environment.get(ENVIRONMENT);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Path.of(fromEnvironment).toAbsolutePath().normalize();
        }
        return Path.of(System.getProperty("user.home"), ".hebbkit", "datasets").toAbsolutePath();
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
