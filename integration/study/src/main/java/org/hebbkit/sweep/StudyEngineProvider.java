package org.hebbkit.sweep;

import java.util.List;
import java.util.ServiceLoader;

/**
 * A study engine that lives in a module of its own (the Spark engine in {@code integration/spark}), found by
 * {@link ServiceLoader} when its jar is on the class path, so that the command line does not load it otherwise.
 */
public interface StudyEngineProvider {

    /** The name {@code --engine} takes, e.g. {@code spark}. */
    String name();

    /**
     * The engine.
     *
     * @param settings what the command line says of it
     * @throws IllegalArgumentException for settings this engine cannot take (the message names them)
     */
    StudyEngine create(Settings settings);

    /**
     * What the command line passes to an engine.
     *
     * @param master where the engine runs (for Spark: {@code local[N]}, {@code spark://HOST:PORT}, ...), or
     *     {@code null} for the engine's default
     * @param workers trials at a time, as asked for
     * @param javaOptions JVM options for each trial process
     */
    record Settings(String master, int workers, List<String> javaOptions) {
        public Settings {
            javaOptions = List.copyOf(javaOptions);
        }
    }

    /** The provider named {@code name} on the class path, or {@code null}. */
    static StudyEngineProvider find(String name) {
        for (StudyEngineProvider provider : ServiceLoader.load(StudyEngineProvider.class)) {
            if (provider.name().equals(name)) {
                return provider;
            }
        }
        return null;
    }
}
