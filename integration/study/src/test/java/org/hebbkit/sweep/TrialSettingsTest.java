package org.hebbkit.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How a trial process is started: its engine threads and its JVM options. */
class TrialSettingsTest {

    @Test
    void threadsPerTrialAreTheGivenNumberOrTheCoresDividedAmongTheWorkers() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(3, LocalEngine.threadsPerTrial(2, 3), "given");
        assertEquals(3, LocalEngine.threadsPerTrial(null, 3), "given, workers unknown");
        assertEquals(cores, LocalEngine.threadsPerTrial(1, 0));
        assertEquals(Math.max(1, cores / 2), LocalEngine.threadsPerTrial(2, 0));
        assertEquals(1, LocalEngine.threadsPerTrial(cores * 4, 0), "at least one");
        assertEquals(0, LocalEngine.threadsPerTrial(null, 0), "every core of the machine that runs the trial");
        assertEquals("threads must be at least 0 (0: the cores divided among the workers), got -1",
                assertThrows(IllegalArgumentException.class, () -> LocalEngine.threadsPerTrial(1, -1)).getMessage());
    }

    @Test
    void trialsPreTouchTheHeapUnlessTheUsersOptionsSayOtherwise() {
        List<String> command = TrialProcess.command(List.of("--seed", "1"), List.of("-XX:-AlwaysPreTouch", "-Xmx2g"), "cp");
        int preTouch = command.indexOf("-XX:+AlwaysPreTouch");
        assertTrue(preTouch > 0, command.toString());
        // the JVM takes the last of two settings: the user's own options come after
        assertTrue(command.indexOf("-XX:-AlwaysPreTouch") > preTouch, command.toString());
        // a trial runs 'hebbkit train' through the study module's own main class: the command line need not be there
        assertEquals(List.of("-cp", "cp", "org.hebbkit.run.TrainMain", "--seed", "1"),
                command.subList(command.size() - 5, command.size()));
        // trials train their probe on the vector API, as 'hebbkit train' does, in a runtime that has the module
        int modules = command.indexOf("--add-modules");
        assertTrue(modules > 0 && command.get(modules + 1).equals("jdk.incubator.vector"), command.toString());
    }
}
