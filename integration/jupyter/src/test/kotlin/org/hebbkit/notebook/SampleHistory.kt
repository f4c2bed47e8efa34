package org.hebbkit.notebook

import org.hebbkit.train.HistoryRecorder
import org.hebbkit.train.LayerMetrics
import org.hebbkit.train.TrainingEvents

/**
 * A made-up history for rendering tests: 3 Hebbian epochs of two layers (radius 25 / epoch and 20 / epoch, 20 % and
 * 10 % per epoch at radius 1), then 4 probe epochs (train accuracy 60 to 90 %, test 55 to 85 %), and two stages.
 */
fun sampleHistory(): HistoryRecorder {
    val history = HistoryRecorder()
    for (epoch in 1..3) {
        val layers = listOf(LayerMetrics(0, 25.0 / epoch, 1.0, 0.2 * epoch, 0.1 * epoch, 2.0, 0.01, doubleArrayOf(0.5, 0.3, 0.2), 1.4),
            LayerMetrics(1, 20.0 / epoch, 1.0, 0.1 * epoch, 0.05 * epoch, 2.0, 0.02, doubleArrayOf(0.9, 0.1), 0.5))
        history.epochFinished(TrainingEvents.EpochFinished("hebbian all blocks (simultaneous)", epoch, mapOf("seconds" to 1.0), layers))
    }
    history.stageFinished(TrainingEvents.StageFinished("hebbian all blocks (simultaneous)", 12.5, 4000))
    for (epoch in 1..4) {
        history.epochFinished(TrainingEvents.EpochFinished("probe", epoch, mapOf("train_accuracy" to 0.5 + 0.1 * epoch,
            "test_accuracy" to 0.45 + 0.1 * epoch, "train_loss" to 2.0 / epoch, "test_loss" to 2.1 / epoch), listOf()))
    }
    history.stageFinished(TrainingEvents.StageFinished("probe", 0.25, 8000))
    return history
}
