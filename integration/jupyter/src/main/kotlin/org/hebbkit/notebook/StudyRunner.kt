package org.hebbkit.notebook

import java.nio.file.Path
import java.util.ServiceLoader
import org.hebbkit.model.Provenance
import org.hebbkit.study.Study

/**
 * Runs a study for [Hebb.sweep]. A sweep runs each trial as a `hebbkit train` process, so the implementation comes
 * with the command line, `hebbkit-cli` (found through [ServiceLoader]): a notebook that sweeps loads HebbKit with
 * `@file:DependsOn("org.hebbkit:hebbkit-cli:VERSION")`, which brings this integration too.
 */
interface StudyRunner {

    /**
     * Runs every trial of [study] not yet complete in [output] (the folder `hebbkit sweep --out` writes: resumable,
     * a different study there is refused), [workers] trial processes at a time, and reports to [progress].
     *
     * @param threads engine threads per trial; 0: the cores divided among the workers
     * @param data the data directory, `null` for the default search
     * @param device each trial's device: cpu, gpu, gpu:N or auto
     * @return the study's report, as its `report.html` shows it
     */
    fun run(study: Study, output: Path, workers: Int, threads: Int, data: Path?, device: String, progress: StudyProgress): StudyReport

    companion object {
        /** The runner on the class path, or an error saying how to get it. */
        @JvmStatic
        fun find(): StudyRunner {
            val loaders = listOfNotNull(StudyRunner::class.java.classLoader, Thread.currentThread().contextClassLoader).distinct()
            for (loader in loaders) {
                ServiceLoader.load(StudyRunner::class.java, loader).firstOrNull()?.let { return it }
            }
            throw IllegalStateException("sweeps run each trial as a 'hebbkit train' process and need HebbKit's command " +
                "line: load HebbKit with @file:DependsOn(\"org.hebbkit:hebbkit-cli:${Provenance.hebbkitVersion()}\") (it brings " +
                "hebbkit-jupyter too) in the notebook's first cell, then restart the kernel and run again")
        }
    }
}
