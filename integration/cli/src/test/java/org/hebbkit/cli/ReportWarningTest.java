package org.hebbkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A report that cannot be written is a warning after the run is saved, as the pictures are: the run is kept. */
class ReportWarningTest {

    @TempDir
    Path temp;

    @Test
    void aReportThatCannotBeWrittenIsAWarningAndTheRunIsKept() throws Exception {
        Path data = TrainEvalRealRunTest.dataDirectory();
        Path preset = temp.resolve("report-two-layer.json");
        Files.writeString(preset, ReportInBrowserTest.TWO_LAYER);
        Path out = temp.resolve("run");
        // a non-empty directory where report.html goes: the page cannot be moved into place
        Files.createDirectories(out.resolve("report.html"));
        Files.writeString(out.resolve("report.html/keep"), "not a report");

        Cli train = Cli.run("train", "--preset", preset.toString(), "--data", data.toString(), "--out", out.toString(),
                "--limit-train", "300", "--limit-test", "100", "--probe-epochs", "1");
        assertEquals(0, train.status, train.toString());
        assertTrue(train.err.startsWith("hebbkit: warning: the run is saved, but its report was not written: "), train.err);
        assertTrue(train.err.contains(out.resolve("report.html").toString()), "the message names the file: " + train.err);
        assertTrue(train.out.lines().anyMatch(line -> line.equals("wrote " + out
                + " (run.json, model/, filters-layer1.png, receptive-fields-layer2.png)")), train.out);
        assertTrue(train.lastLine().startsWith("test accuracy: "), train.out);
        assertTrue(Files.isRegularFile(out.resolve("run.json")));
        assertTrue(Files.isRegularFile(out.resolve("model/model.json")));
    }
}
