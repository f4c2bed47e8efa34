package org.hebbkit.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hebbkit docs}: writes the documentation pages that are generated from the code and the run records, the
 * command-line reference ({@link CommandReference}), the rule zoo's tables ({@link RuleZooPage}) and the results tables
 * of the README and the site ({@link ResultsTables}); with {@code --check}, only says which differ. Hidden from the
 * command list: it is for HebbKit's own documentation.
 */
@Command(name = "docs", hidden = true, description = "Write the generated documentation pages (CLI reference, rule zoo,"
        + " results tables) from the code and the run records under docs/results/.")
final class DocsCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--root", defaultValue = ".", description = "The project root (holding README.md and docs/).")
    private Path root;

    @Option(names = "--check", description = "Write nothing; exit 1 naming each page that differs from what the code produces.")
    private boolean check;

    @Override
    public Integer call() throws IOException {
        for (String needed : List.of("README.md", "docs/results", "integration/jupyter/kernel/hebbkit-kernel.sh")) {
            if (!Files.exists(root.resolve(needed))) {
                throw new org.hebbkit.run.Arguments.BadArgument(spec, "--root " + root + " is not HebbKit's project root (no "
                        + root.resolve(needed) + "); run from the root of the repository, or give it with --root");
            }
        }
        Map<Path, String> pages = pages(root);
        List<String> stale = new ArrayList<>();
        for (Map.Entry<Path, String> page : pages.entrySet()) {
            String now = Files.exists(page.getKey()) ? GeneratedSection.read(page.getKey()) : "";
            if (!now.equals(page.getValue())) {
                stale.add(root.relativize(page.getKey()).toString());
                if (!check) {
                    Files.writeString(page.getKey(), page.getValue(), StandardCharsets.UTF_8);
                }
            }
        }
        var out = spec.commandLine().getOut();
        if (check && !stale.isEmpty()) {
            spec.commandLine().getErr().println("hebbkit: generated pages out of date (not what the code and the records"
                    + " produce): " + String.join(", ", stale) + "; run ./hebbkit docs and commit the result");
            return 1;
        }
        out.println(stale.isEmpty() ? "generated pages are up to date" : (check ? "" : "wrote ") + String.join(", ", stale));
        return 0;
    }

    /**
     * Every generated page as it should be: the file and its whole content.
     *
     * @throws IOException if a page, a record or the kernel script cannot be read
     */
    static Map<Path, String> pages(Path root) throws IOException {
        Map<Path, String> pages = new LinkedHashMap<>();
        pages.put(root.resolve(CommandReference.PAGE), CommandReference.markdown(root));
        Path rules = root.resolve(RuleZooPage.PAGE);
        pages.put(rules, RuleZooPage.SECTION.replaceIn(GeneratedSection.read(rules), RuleZooPage.markdown(), RuleZooPage.PAGE));
        ResultsTables results = ResultsTables.read(root.resolve(ResultsTables.FOLDER));
        pages.put(root.resolve("README.md"), results.readme(GeneratedSection.read(root.resolve("README.md"))));
        Path page = root.resolve(ResultsTables.PAGE);
        pages.put(page, results.page(GeneratedSection.read(page)));
        return pages;
    }
}
