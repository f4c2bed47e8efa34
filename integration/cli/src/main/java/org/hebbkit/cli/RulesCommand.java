package org.hebbkit.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.hebbkit.model.Component;
import org.hebbkit.model.Components;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code hebbkit rules}: every registered rule, competition, response, learning-rate schedule and activation
 * with its type name (as presets write it), formula, parameters and paper.
 */
@Command(name = "rules", description = "List the learning rules, competitions, responses, schedules and activations"
        + " presets can name, with formula, parameters and paper.")
final class RulesCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        Class<?> kind = null;
        for (Component<?> component : Components.all()) {
            if (!component.kind().equals(kind)) {
                kind = component.kind();
                out.printf("%s%s (preset field: %s)%n", kind == Components.KINDS.get(0) ? "" : "\n", heading(kind),
                        field(kind));
            }
            out.printf(Locale.ROOT, "  %-20s %s%n", component.type(), component.formula());
            out.printf(Locale.ROOT, "  %-20s parameters: %s%n", "",
                    component.parameters().isEmpty() ? "(none)" : String.join(", ", component.parameters()));
            if (!component.reference().isEmpty()) {
                out.printf(Locale.ROOT, "  %-20s %s%n", "", component.reference());
            }
        }
        return 0;
    }

    /** The heading of a kind's list, as {@code hebbkit rules} and the rule zoo page print it. */
    static String heading(Class<?> kind) {
        return switch (kind.getSimpleName()) {
            case "LearningRule" -> "Learning rules";
            case "Competition" -> "Competitions";
            case "Response" -> "Responses";
            case "LearningRateSchedule" -> "Learning-rate schedules";
            case "Activation" -> "Activations";
            case "Preprocessing" -> "Preprocessing (preset field: preprocessing, a list)";
            default -> kind.getSimpleName();
        };
    }

    /** The preset field that names a component of this kind. */
    static String field(Class<?> kind) {
        return switch (kind.getSimpleName()) {
            case "LearningRule" -> "rule";
            case "LearningRateSchedule" -> "learningRate";
            default -> Character.toLowerCase(kind.getSimpleName().charAt(0)) + kind.getSimpleName().substring(1);
        };
    }
}
