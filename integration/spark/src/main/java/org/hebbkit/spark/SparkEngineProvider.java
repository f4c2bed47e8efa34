package org.hebbkit.spark;

import org.hebbkit.sweep.StudyEngine;
import org.hebbkit.sweep.StudyEngineProvider;

/** {@code hebbkit sweep --engine spark}: the {@link SparkEngine}, found by {@link java.util.ServiceLoader}. */
public final class SparkEngineProvider implements StudyEngineProvider {

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public StudyEngine create(Settings settings) {
        return new SparkEngine(settings.master(), settings.workers(), settings.javaOptions());
    }
}
