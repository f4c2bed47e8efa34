package org.hebbkit.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.hebbkit.model.Component;
import org.hebbkit.model.Components;

/**
 * The rule zoo's tables in {@code docs/rules.md}, generated from the component registry ({@link Components#all()}, the
 * list {@code hebbkit rules} prints): one table per kind, one row per component with its type name, formula,
 * parameters and paper. Only the part between the page's {@code rule-registry} markers is generated; the prose around
 * it is written by hand. {@code GeneratedDocsTest} fails when the committed page differs.
 *
 * <pre>{@code
 * String tables = RuleZooPage.markdown();
 * }</pre>
 */
public final class RuleZooPage {

    /** The page, relative to the project root. */
    public static final String PAGE = "docs/rules.md";

    /** The generated part of the page. */
    public static final GeneratedSection SECTION = new GeneratedSection("rule-registry");

    private RuleZooPage() {}

    /** Rewrites the generated part of {@code docs/rules.md} under the project root given as the first argument. */
    public static void main(String[] args) throws IOException {
        Path page = Path.of(args.length > 0 ? args[0] : ".").resolve(PAGE);
        Files.writeString(page, SECTION.replaceIn(GeneratedSection.read(page), markdown(), PAGE), StandardCharsets.UTF_8);
    }

    /** The tables, one per kind of component, in registration order. */
    public static String markdown() {
        StringBuilder text = new StringBuilder();
        Class<?> kind = null;
        for (Component<?> component : Components.all()) {
            if (!component.kind().equals(kind)) {
                kind = component.kind();
                String heading = RulesCommand.heading(kind);
                int paren = heading.indexOf(" (");
                text.append(kind == Components.KINDS.get(0) ? "" : "\n")
                        .append("### ").append(paren < 0 ? heading : heading.substring(0, paren)).append("\n\n")
                        .append("Preset field `").append(RulesCommand.field(kind)).append('`')
                        .append(paren < 0 ? "" : " (a list)").append("; Java interface `").append(kind.getName()).append("`.\n\n")
                        .append("| type | formula | parameters | paper |\n|---|---|---|---|\n");
            }
            text.append(String.format(Locale.ROOT, "| `%s` | %s | %s | %s |%n", component.type(), code(component.formula()),
                    component.parameters().isEmpty() ? "(none)" : cell(String.join(", ", component.parameters())),
                    cell(component.reference())));
        }
        return text.toString();
    }

    private static String code(String formula) {
        // Python-Markdown keeps the pipes of a code span inside a table cell as they are
        return formula.isBlank() ? "" : "`" + formula.replace("`", "'") + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replaceAll("\\s+", " ").strip();
    }
}
