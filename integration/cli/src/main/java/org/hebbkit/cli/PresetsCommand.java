package org.hebbkit.cli;

import org.hebbkit.run.Arguments;
import java.util.concurrent.Callable;
import org.hebbkit.model.Preset;
import org.hebbkit.model.Presets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hebbkit presets}: lists every preset with its description and the paper number it targets. */
@Command(name = "presets", description = "List the presets (paper recipes and baselines).")
final class PresetsCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--json", description = "Print one preset's full recipe as JSON.", paramLabel = "PRESET")
    private String json;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        if (json != null) {
            out.println(Presets.toJson(Arguments.check(spec, () -> Presets.resolve(json))));
            return 0;
        }
        for (Preset preset : Presets.all().values()) {
            out.printf("%-34s %s%n%-34s   %s%n", preset.name(), preset.description(), "", preset.reference());
        }
        return 0;
    }
}
