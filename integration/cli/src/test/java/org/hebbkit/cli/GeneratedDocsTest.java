package org.hebbkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated pages as committed equal what the code and the run records produce: the command-line reference (picocli's
 * model and the kernel script), the rule zoo's tables (the component registry), and the results tables of the README and
 * the site (the records under docs/results/).
 */
class GeneratedDocsTest {

    private static final String REGENERATE = " differs from what the code and the records produce; regenerate it with"
            + " ./hebbkit docs (or: java -cp integration/cli/target/hebbkit-cli-0.1.0-SNAPSHOT.jar org.hebbkit.cli.HebbKitCommand docs)"
            + " and commit the result";

    static Path root() {
        return Path.of(System.getProperty("hebbkit.project.root", "../..")).toAbsolutePath().normalize();
    }

    private static Map<Path, String> pages;

    private static synchronized Map<Path, String> pages() throws IOException {
        if (pages == null) {
            pages = DocsCommand.pages(root());
        }
        return pages;
    }

    private static void assertCurrent(String page) throws IOException {
        Map<Path, String> pages = pages();
        Path file = root().resolve(page);
        assertTrue(pages.containsKey(file), page + " is not a generated page");
        assertEquals(pages.get(file), Files.readString(file), page + REGENERATE);
    }

    @Test
    void commandLineReferenceMatchesPicocliModel() throws IOException {
        assertCurrent(CommandReference.PAGE);
    }

    @Test
    void ruleZooMatchesComponentRegistry() throws IOException {
        assertCurrent(RuleZooPage.PAGE);
    }

    @Test
    void readmeResultsTableMatchesRecords() throws IOException {
        assertCurrent("README.md");
    }

    @Test
    void resultsPageMatchesRecords() throws IOException {
        assertCurrent(ResultsTables.PAGE);
    }

    @Test
    void commandLineReferenceCoversEveryVisibleCommandAndTheLaunchersOwn() throws IOException {
        String page = CommandReference.markdown(root());
        for (String command : new String[] {"hebbkit train", "hebbkit sweep", "hebbkit bench step", "hebbkit doctor",
            "hebbkit kernel install", "hebbkit notebook"}) {
            assertTrue(page.contains("## `" + command + "`"), command);
        }
        assertTrue(page.contains("`--preset`"));
        assertTrue(!page.contains("## `hebbkit docs`"), "the hidden docs command is not in the reference");
    }

    @Test
    void docsCheckNamesAStalePageAndTheCommand(@TempDir Path copy) throws IOException {
        copyTree(root().resolve("docs"), copy.resolve("docs"));
        Files.copy(root().resolve("README.md"), copy.resolve("README.md"));
        Path script = copy.resolve(CommandReference.KERNEL_SCRIPT);
        Files.createDirectories(script.getParent());
        Files.copy(root().resolve(CommandReference.KERNEL_SCRIPT), script);
        Cli current = Cli.run("docs", "--root", copy.toString(), "--check");
        assertEquals(0, current.status, current.toString());
        assertEquals("generated pages are up to date", current.out.strip());
        Files.writeString(copy.resolve(CommandReference.PAGE), "# edited by hand\n");
        Cli stale = Cli.run("docs", "--root", copy.toString(), "--check");
        assertEquals(1, stale.status, stale.toString());
        assertEquals("hebbkit: generated pages out of date (not what the code and the records produce): docs/cli.md;"
                + " run ./hebbkit docs and commit the result", stale.err.strip());
        assertEquals("# edited by hand\n", Files.readString(copy.resolve(CommandReference.PAGE)), "--check writes nothing");
    }

    /** A record that changes changes the tables: the check above can fail. */
    @Test
    void aChangedRecordChangesTheTables(@TempDir Path copy) throws IOException {
        Path records = root().resolve(ResultsTables.FOLDER);
        copyTree(records, copy);
        String before = ResultsTables.read(copy).recordsTable("results/") + ResultsTables.read(copy).headline("results/");
        Path run;
        try (Stream<Path> files = Files.walk(copy)) {
            run = files.filter(p -> p.getFileName().toString().equals("run.json")).findFirst().orElse(null);
        }
        if (run == null) {
            return; // no run.json committed yet: nothing to change
        }
        com.google.gson.JsonObject json = com.google.gson.JsonParser.parseString(Files.readString(run)).getAsJsonObject();
        json.addProperty("test_accuracy", 0.1234);
        Files.writeString(run, json.toString());
        String after = ResultsTables.read(copy).recordsTable("results/") + ResultsTables.read(copy).headline("results/");
        assertNotEquals(before, after);
        assertTrue(after.contains("12.34"), after);
    }

    @Test
    void aRecordWithoutItsCommandIsRefusedByName(@TempDir Path folder) throws IOException {
        Files.createDirectories(folder.resolve("x-seed0"));
        Files.writeString(folder.resolve("x-seed0/run.json"), "{}");
        Files.writeString(folder.resolve("headline.txt"), "");
        IOException e = assertThrows(IOException.class, () -> ResultsTables.read(folder));
        assertEquals(folder.resolve("x-seed0/command.txt") + " is missing: each record names its command, commit and machine"
                + " there (lines 'command: ...', 'commit: ...', 'machine: ...', 'date: ...')", e.getMessage());
    }

    @Test
    void aMissingMarkerNamesThePageAndTheLines() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResultsTables.HEADLINE.replaceIn("# no markers\n", "x", "README.md"));
        assertEquals("README.md has no generated section 'results-headline': add the two lines "
                + ResultsTables.HEADLINE.begin() + " and " + ResultsTables.HEADLINE.end() + " where it belongs", e.getMessage());
    }

    @Test
    void summarySaysOneSeedRatherThanASpread() {
        var one = new ResultsTables.Measurement("p", 0, 98.56, 99, 1, 1, "id", "c", "x", "m", "d", "run.json", "");
        var other = new ResultsTables.Measurement("p", 1, 98.60, 99, 1, 1, "id", "c", "x", "m", "d", "run.json", "");
        assertEquals("**98.56** (1 seed)", ResultsTables.summary(java.util.List.of(one)));
        assertEquals("**98.58 ± 0.03**", ResultsTables.summary(java.util.List.of(one, other)));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
