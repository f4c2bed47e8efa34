package org.hebbkit.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.hebbkit.model.Presets;

/**
 * The results tables of the README and of {@code docs/results.md}, generated from the run records committed under
 * {@code docs/results/}: each published number comes from a record, so that a table cannot say what its records do not.
 *
 * <p>The records folder holds:
 * <ul>
 *   <li>one folder per record, {@code docs/results/ID/}, with the record itself, a {@code run.json} written by
 *   {@code hebbkit train} or a {@code results.csv} written by {@code hebbkit sweep} (rows with a swept parameter are
 *   left out: they are not the preset), and {@code command.txt}: {@code command:}, {@code commit:}, {@code machine:}
 *   and {@code date:} lines naming what produced it;</li>
 *   <li>{@code headline.txt}: the presets of the headline table, one per line, in order (each row's paper number is
 *   the preset's own {@code reference});</li>
 *   <li>{@code earlier.csv}: numbers measured before records were kept ({@code preset, seed, test_accuracy, commit,
 *   date, machine, command}), shown as a plain table stamped with commit and machine, and in the headline only for a
 *   preset that has no record.</li>
 * </ul>
 * A preset's headline value is the mean and sample standard deviation over its records' seeds, or the single value
 * with "1 seed" said.
 *
 * <pre>{@code
 * ResultsTables tables = ResultsTables.read(Path.of("docs/results"));
 * String readmeTable = tables.headline("docs/results/");
 * }</pre>
 */
public final class ResultsTables {

    /** The records folder, relative to the project root. */
    public static final String FOLDER = "docs/results";

    /** The results page, relative to the project root. */
    public static final String PAGE = "docs/results.md";

    /** The headline table in the README and on the results page. */
    public static final GeneratedSection HEADLINE = new GeneratedSection("results-headline");

    /** The table of every record on the results page. */
    public static final GeneratedSection RECORDS = new GeneratedSection("results-records");

    /** The stamped table of earlier numbers on the results page. */
    public static final GeneratedSection EARLIER = new GeneratedSection("results-earlier");

    /** One measured test accuracy and where it comes from. */
    record Measurement(String preset, long seed, double testPercent, double trainPercent, double wallSeconds,
            long peakResidentBytes, String id, String command, String commit, String machine, String date, String file,
            String note) {

        /** The commit as tables show it: its first 7 hex digits. */
        String shortCommit() {
            return commit.length() > 7 && commit.matches("[0-9a-f]+") ? commit.substring(0, 7) : commit;
        }
    }

    private final List<Measurement> records;
    private final List<Measurement> earlier;
    private final List<String> headline;

    private ResultsTables(List<Measurement> records, List<Measurement> earlier, List<String> headline) {
        this.records = records;
        this.earlier = earlier;
        this.headline = headline;
    }

    /** Rewrites the generated parts of the README and {@code docs/results.md} under the project root (first argument). */
    public static void main(String[] args) throws IOException {
        write(Path.of(args.length > 0 ? args[0] : "."));
    }

    /** Rewrites the README's headline table and the three tables of {@code docs/results.md} under {@code root}. */
    public static void write(Path root) throws IOException {
        ResultsTables tables = read(root.resolve(FOLDER));
        Path readme = root.resolve("README.md");
        Files.writeString(readme, tables.readme(GeneratedSection.read(readme)), StandardCharsets.UTF_8);
        Path page = root.resolve(PAGE);
        Files.writeString(page, tables.page(GeneratedSection.read(page)), StandardCharsets.UTF_8);
    }

    /** {@code readme} with its headline table regenerated. */
    public String readme(String readme) {
        return HEADLINE.replaceIn(readme, headline(FOLDER + "/"), "README.md");
    }

    /** {@code page} ({@code docs/results.md}) with its three tables regenerated. */
    public String page(String page) {
        String updated = HEADLINE.replaceIn(page, headline("results/"), PAGE);
        updated = RECORDS.replaceIn(updated, recordsTable("results/"), PAGE);
        return EARLIER.replaceIn(updated, earlierTable(), PAGE);
    }

    /**
     * Reads the records folder.
     *
     * @throws IOException if a record cannot be read, or lacks a field the tables need (the message names the file)
     */
    public static ResultsTables read(Path folder) throws IOException {
        List<Measurement> records = new ArrayList<>();
        List<Path> dirs;
        try (Stream<Path> list = Files.list(folder)) {
            dirs = list.filter(Files::isDirectory).sorted().toList();
        }
        for (Path dir : dirs) {
            Map<String, String> command = commandFile(dir.resolve("command.txt"));
            Path run = dir.resolve("run.json");
            Path study = dir.resolve("results.csv");
            if (Files.exists(run)) {
                records.add(runRecord(run, dir.getFileName().toString(), command));
            } else if (Files.exists(study)) {
                records.addAll(studyRecords(study, dir.getFileName().toString(), command));
            } else {
                throw new IOException(dir + " holds neither run.json nor results.csv; put the record there or remove the folder");
            }
        }
        List<Measurement> earlier = new ArrayList<>();
        Path earlierFile = folder.resolve("earlier.csv");
        if (Files.exists(earlierFile)) {
            List<List<String>> rows = Csv.parse(GeneratedSection.read(earlierFile));
            Map<String, Integer> column = Csv.header(rows, earlierFile,
                    List.of("preset", "seed", "test_accuracy", "commit", "date", "machine", "command"));
            for (List<String> row : rows.subList(1, rows.size())) {
                earlier.add(new Measurement(row.get(column.get("preset")), Long.parseLong(row.get(column.get("seed"))),
                        Double.parseDouble(row.get(column.get("test_accuracy"))), Double.NaN, Double.NaN, -1, "",
                        row.get(column.get("command")), row.get(column.get("commit")), row.get(column.get("machine")),
                        row.get(column.get("date")), "", ""));
            }
        }
        List<String> headline = new ArrayList<>();
        for (String line : Files.readAllLines(folder.resolve("headline.txt"), StandardCharsets.UTF_8)) {
            String name = line.strip();
            if (!name.isEmpty() && !name.startsWith("#")) {
                if (!Presets.all().containsKey(name)) {
                    throw new IOException(folder.resolve("headline.txt") + " names '" + name + "', which is not a preset;"
                            + " valid: " + Presets.all().keySet());
                }
                headline.add(name);
            }
        }
        return new ResultsTables(records, earlier, headline);
    }

    private static Map<String, String> commandFile(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new IOException(file + " is missing: each record names its command, commit and machine there"
                    + " (lines 'command: ...', 'commit: ...', 'machine: ...', 'date: ...')");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith(" ")) {
                fields.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        for (String required : List.of("command", "commit", "machine", "date")) {
            if (fields.getOrDefault(required, "").isEmpty()) {
                throw new IOException(file + " has no '" + required + ": ...' line; each record names its command,"
                        + " commit, machine and date");
            }
        }
        return fields;
    }

    private static Measurement runRecord(Path run, String id, Map<String, String> command) throws IOException {
        JsonObject json = JsonParser.parseString(GeneratedSection.read(run)).getAsJsonObject();
        if (!json.has("test_accuracy") || !json.has("preset")) {
            throw new IOException(run + " has no test_accuracy or preset: only a finished run evaluated on the test set"
                    + " is a result");
        }
        long seed = json.getAsJsonObject("config").get("seed").getAsLong();
        double wall = json.has("timings") ? json.getAsJsonObject("timings").get("total_seconds").getAsDouble() : Double.NaN;
        return new Measurement(json.get("preset").getAsString(), seed, json.get("test_accuracy").getAsDouble() * 100,
                json.get("train_accuracy").getAsDouble() * 100, wall,
                json.has("peak_resident_bytes") ? json.get("peak_resident_bytes").getAsLong() : -1, id,
                command.get("command"), command.get("commit"), command.get("machine"), command.get("date"), "run.json",
                command.getOrDefault("note", ""));
    }

    private static List<Measurement> studyRecords(Path csv, String id, Map<String, String> command) throws IOException {
        List<List<String>> rows = Csv.parse(GeneratedSection.read(csv));
        Map<String, Integer> column = Csv.header(rows, csv, List.of("trial", "preset", "seed", "status", "test_accuracy",
                "train_accuracy", "wall_seconds", "peak_resident_bytes", "message"));
        List<String> fixed = List.of("trial", "preset", "seed", "status", "test_accuracy", "train_accuracy", "wall_seconds",
                "peak_resident_bytes", "message");
        List<Measurement> measured = new ArrayList<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            boolean swept = false;
            for (int i = 0; i < rows.get(0).size(); i++) {
                swept |= !fixed.contains(rows.get(0).get(i)) && !row.get(i).isEmpty();
            }
            if (swept || !row.get(column.get("status")).equals("complete")) {
                continue;
            }
            String peak = row.get(column.get("peak_resident_bytes"));
            measured.add(new Measurement(row.get(column.get("preset")), Long.parseLong(row.get(column.get("seed"))),
                    Double.parseDouble(row.get(column.get("test_accuracy"))),
                    Double.parseDouble(row.get(column.get("train_accuracy"))),
                    Double.parseDouble(row.get(column.get("wall_seconds"))), peak.isEmpty() ? -1 : Long.parseLong(peak), id,
                    command.get("command"), command.get("commit"), command.get("machine"), command.get("date"), "results.csv",
                    command.getOrDefault("note", "")));
        }
        return measured;
    }

    /**
     * The headline table: one row per paper number (the presets of {@code headline.txt}), HebbKit's mean and standard
     * deviation over the seeds of its records, and the command.
     *
     * @param recordsPath the records folder as a link from the page the table is on
     */
    public String headline(String recordsPath) {
        StringBuilder table = new StringBuilder(
                "| preset | paper | HebbKit, test % | seeds | command | source |\n|---|---|---:|---|---|---|\n");
        for (String preset : headline) {
            List<Measurement> measured = records.stream().filter(m -> m.preset().equals(preset)).toList();
            boolean fromRecords = !measured.isEmpty();
            if (!fromRecords) {
                measured = earlier.stream().filter(m -> m.preset().equals(preset)).toList();
            }
            String paper = cell(Presets.get(preset).reference());
            if (measured.isEmpty()) {
                table.append("| `").append(preset).append("` | ").append(paper).append(" | not measured | | | |\n");
                continue;
            }
            String source;
            if (fromRecords) {
                List<String> links = new ArrayList<>();
                measured.stream().map(Measurement::id).distinct().forEach(id ->
                        links.add("[" + id + "](" + recordsPath + id + "/command.txt)"));
                source = "record " + String.join(", ", links);
            } else {
                source = "earlier run, not stored: commit " + String.join(", ",
                        measured.stream().map(m -> "`" + m.shortCommit() + "`").distinct().toList()) + ", " + measured.get(0).machine();
            }
            table.append("| `").append(preset).append("` | ").append(paper).append(" | ").append(summary(measured))
                    .append(" | ").append(seeds(measured)).append(" | `").append(cell(generalised(measured))).append("` | ")
                    .append(source).append(" |\n");
        }
        return table.toString();
    }

    /** Every record, one row per run. */
    public String recordsTable(String recordsPath) {
        StringBuilder table = new StringBuilder("| record | preset | seed | test % | train % | wall time | peak resident memory"
                + " | commit | machine | date | note |\n|---|---|---:|---:|---:|---:|---:|---|---|---|---|\n");
        for (Measurement m : records) {
            table.append(String.format(Locale.ROOT, "| [%s](%s%s/%s) | `%s` | %d | %.2f | %.2f | %s | %s | `%s` | %s | %s | %s |%n",
                    m.id(), recordsPath, m.id(), m.file(), m.preset(), m.seed(), m.testPercent(), m.trainPercent(),
                    duration(m.wallSeconds()), m.peakResidentBytes() < 0 ? "" : String.format(Locale.ROOT, "%.2f GB",
                            m.peakResidentBytes() / 1e9), m.shortCommit(), cell(m.machine()), m.date(), cell(m.note())));
        }
        return table.toString();
    }

    /** The earlier numbers, stamped with commit, date and machine. */
    public String earlierTable() {
        StringBuilder table = new StringBuilder("| preset | seed | test % | commit | date | machine | command |\n"
                + "|---|---:|---:|---|---|---|---|\n");
        for (Measurement m : earlier) {
            table.append(String.format(Locale.ROOT, "| `%s` | %d | %.2f | `%s` | %s | %s | `%s` |%n", m.preset(), m.seed(),
                    m.testPercent(), m.shortCommit(), m.date(), cell(m.machine()), cell(m.command())));
        }
        return table.toString();
    }

    /** Mean ± sample standard deviation over the seeds, or the one value with "1 seed" said. */
    static String summary(List<Measurement> measured) {
        if (measured.size() == 1) {
            return String.format(Locale.ROOT, "**%.2f** (1 seed)", measured.get(0).testPercent());
        }
        double mean = measured.stream().mapToDouble(Measurement::testPercent).average().orElse(Double.NaN);
        double squares = measured.stream().mapToDouble(m -> (m.testPercent() - mean) * (m.testPercent() - mean)).sum();
        return String.format(Locale.ROOT, "**%.2f ± %.2f**", mean, Math.sqrt(squares / (measured.size() - 1)));
    }

    private static String seeds(List<Measurement> measured) {
        List<Long> seeds = measured.stream().map(Measurement::seed).sorted().toList();
        return seeds.size() == 1 ? seeds.get(0).toString() : seeds.stream().map(String::valueOf).reduce((a, b) -> a + ", " + b)
                .orElse("");
    }

    /** The command of the measurements, with {@code --seed S} when they differ only by the seed. */
    private static String generalised(List<Measurement> measured) {
        String first = measured.get(0).command();
        if (measured.size() == 1) {
            return first;
        }
        String pattern = first.replaceAll("--seed(s)? [0-9,-]+", "--seed S");
        return pattern;
    }

    private static String duration(double seconds) {
        if (Double.isNaN(seconds)) {
            return "";
        }
        long total = Math.round(seconds);
        return total >= 3600 ? String.format(Locale.ROOT, "%d h %02d min", total / 3600, total % 3600 / 60)
                : String.format(Locale.ROOT, "%d min %02d s", total / 60, total % 60);
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replaceAll("\\s+", " ").strip();
    }

    /** RFC 4180 CSV, as {@code StudyTables} writes it. */
    static final class Csv {

        private Csv() {}

        static List<List<String>> parse(String text) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        cell.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    row.add(cell.toString());
                    cell.setLength(0);
                } else if (c == '\n') {
                    row.add(cell.toString());
                    cell.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                } else if (c != '\r') {
                    cell.append(c);
                }
            }
            if (cell.length() > 0 || !row.isEmpty()) {
                row.add(cell.toString());
                rows.add(row);
            }
            return rows;
        }

        static Map<String, Integer> header(List<List<String>> rows, Path file, List<String> required) throws IOException {
            if (rows.isEmpty()) {
                throw new IOException(file + " is empty; it needs a header row with " + required);
            }
            Map<String, Integer> column = new LinkedHashMap<>();
            for (int i = 0; i < rows.get(0).size(); i++) {
                column.put(rows.get(0).get(i), i);
            }
            for (String name : required) {
                if (!column.containsKey(name)) {
                    throw new IOException(file + " has no column '" + name + "'; its header needs " + required);
                }
            }
            for (int r = 1; r < rows.size(); r++) {
                if (rows.get(r).size() != rows.get(0).size()) {
                    throw new IOException(file + ", row " + (r + 1) + ": " + rows.get(r).size() + " cells where the header has "
                            + rows.get(0).size());
                }
            }
            return column;
        }
    }
}
