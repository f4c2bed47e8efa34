package org.hebbkit.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A console progress bar on the listener API: stage, epoch, percentage, images per second and ETA,
 * redrawn in place at most every {@code interval} seconds, and one summary line per stage and epoch.
 *
 * <pre>
 * hebbian block 3/3  epoch 1/1  [##########----------]  50%  71.2 img/s  ETA 5:51
 * </pre>
 */
public final class ProgressBarListener implements TrainingListener {

    private static final int WIDTH = 20;

    private final PrintStream out;
    private final double interval;
    private double lastDraw = -1;
    private int epochs = 1;
    private long imagesPerEpoch;

    /** Draws on standard error twice a second. */
    public ProgressBarListener() {
        this(System.err, 0.5);
    }

    /**
     * @param out where to draw
     * @param interval seconds between redraws
     */
    public ProgressBarListener(PrintStream out, double interval) {
        this.out = out;
        this.interval = interval;
    }

    @Override
    public void stageStarted(TrainingEvents.StageStarted event) {
        epochs = event.epochs();
        imagesPerEpoch = event.imagesPerEpoch();
        lastDraw = -1;
    }

    @Override
    public void batchFinished(TrainingEvents.BatchFinished event) {
        boolean last = event.batch() == event.batchesPerEpoch();
        if (!last && event.seconds() - lastDraw < interval) {
            return;
        }
        lastDraw = event.seconds();
        double done = ((event.epoch() - 1) * (double) imagesPerEpoch + event.images()) / ((double) epochs * imagesPerEpoch);
        double rate = event.seconds() > 0 ? ((event.epoch() - 1) * (double) imagesPerEpoch + event.images()) / event.seconds() : 0;
        double eta = done > 0 ? event.seconds() * (1 - done) / done : 0;
        int filled = (int) Math.round(done * WIDTH);
        out.printf(Locale.ROOT, "\r%s  epoch %d/%d  [%s%s]  %3.0f%%  %.1f img/s  ETA %s   ", event.stage(), event.epoch(),
                epochs, "#".repeat(filled), "-".repeat(WIDTH - filled), done * 100, rate, clock(eta));
        out.flush();
    }

    @Override
    public void epochFinished(TrainingEvents.EpochFinished event) {
        StringBuilder line = new StringBuilder();
        event.scalars().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(entry -> line.append(String.format(Locale.ROOT, "  %s %.4f", entry.getKey(), entry.getValue())));
        for (LayerMetrics layer : event.layers()) {
            line.append(String.format(Locale.ROOT, "  [layer %d radius %.3f converged %.2f entropy %.2f bits]", layer.layer() + 1,
                    layer.meanRadius(), layer.fractionConverged(), layer.winEntropyBits()));
        }
        out.printf(Locale.ROOT, "%n%s epoch %d:%s%n", event.stage(), event.epoch(), line);
    }

    @Override
    public void stageFinished(TrainingEvents.StageFinished event) {
        out.printf(Locale.ROOT, "%s done in %s (%.1f img/s)%n", event.stage(), clock(event.seconds()), event.imagesPerSecond());
    }

    static String clock(double seconds) {
        long total = Math.round(seconds);
        return total >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
                : String.format(Locale.ROOT, "%d:%02d", total / 60, total % 60);
    }
}
