package org.hebbkit.cli;

import org.hebbkit.run.CommandLines;
import org.hebbkit.run.Range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command-line fuzzer: for every sub-command and every option of picocli's model of {@code hebbkit} (its
 * {@link CommandSpec}s, not a list kept by hand), values outside what the option takes: empty, blank, non-numeric,
 * NaN, fractions, numbers too big for the type, numbers below the option's {@link Range}, unicode, paths onto a file,
 * a missing file or a folder, bad preset files. Each case runs through the real entry point, in-process, with every
 * other option at a valid value, so the bad value is the only thing wrong, and asserts: exit status 2 for a bad
 * argument (1 allowed only where the value is a path, whose use can fail only while running: missing data), exactly
 * one line from HebbKit on standard error, starting {@code hebbkit:}, no stack trace, no usage text, done within
 * {@value #CASE_SECONDS} s, and nothing written outside the test's temporary folders. No training starts: every value
 * is bad. The launcher's own {@code kernel} and {@code notebook} (a shell script) are fuzzed as processes, with a
 * temporary home and a {@code PATH} that holds no {@code mvn}, {@code java} or {@code jupyter}, so nothing can be
 * installed.
 */
class CommandLineFuzzTest {

    private static final int CASE_SECONDS = 60;

    @TempDir
    Path temp;

    /** One case: the arguments, the option and value fuzzed, the exit statuses allowed. */
    private record Case(List<String> args, String command, String option, String value, Set<Integer> allowed) {}

    @Test
    void everyOptionOfEverySubCommandRefusesBadValuesInOneLine() throws Exception {
        Path data = Files.createDirectories(temp.resolve("no-data"));
        Map<String, String> inputs = inputs();
        List<Case> cases = new ArrayList<>();
        Map<String, Integer> optionsPerCommand = new TreeMap<>();
        collect(new CommandLine(new HebbKitCommand()), data, inputs, cases, optionsPerCommand);

        String dump = System.getProperty("hebbkit.fuzz.cases");
        if (dump != null) { // the cases as JSON, to replay them against another build (docs/reliability-cli.md)
            Path kept = Files.createDirectories(Path.of(dump + ".files"));
            for (String folder : List.of("inputs", "no-data")) {
                try (Stream<Path> paths = Files.walk(temp.resolve(folder))) {
                    for (Path p : paths.toList()) {
                        Path copy = kept.resolve(temp.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(copy);
                        } else {
                            Files.copy(p, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            }
            com.google.gson.JsonArray all = new com.google.gson.JsonArray();
            for (Case c : cases) {
                com.google.gson.JsonObject json = new com.google.gson.JsonObject();
                json.add("args", new com.google.gson.Gson().toJsonTree(c.args()));
                json.add("allowed", new com.google.gson.Gson().toJsonTree(c.allowed()));
                all.add(json);
            }
            com.google.gson.JsonObject file = new com.google.gson.JsonObject();
            file.addProperty("temp", temp.toString()); // replaced by the .files folder when replayed
            file.add("cases", all);
            Files.writeString(Path.of(dump), file.toString());
        }
        Path workingDirectory = Path.of("").toAbsolutePath();
        Map<String, Long> before = snapshot(workingDirectory);
        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        long start = System.nanoTime();
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "fuzz-case");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (Case c : cases) {
                Future<Cli> future = runner.submit(() -> Cli.run(c.args().toArray(String[]::new)));
                Cli cli;
                try {
                    cli = future.get(CASE_SECONDS, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    fail("no answer within " + CASE_SECONDS + " s: hebbkit " + String.join(" ", c.args()));
                    return;
                }
                statuses.merge(cli.status, 1, Integer::sum);
                String problem = problem(c, cli);
                if (problem != null) {
                    failures.add(problem + "\n  hebbkit " + quoted(c.args()) + "\n  " + cli.toString().replace("\n", "\n  "));
                }
            }
        } finally {
            runner.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(before, snapshot(workingDirectory), "nothing written into the working directory " + workingDirectory);
        System.out.printf(java.util.Locale.ROOT, "CommandLineFuzzTest: %d cases over %d commands and %d options in %.1f s;"
                + " exit statuses %s; %d failed%n", cases.size(), optionsPerCommand.size(),
                optionsPerCommand.values().stream().mapToInt(Integer::intValue).sum(), seconds, statuses, failures.size());
        assertTrue(failures.isEmpty(), failures.size() + " of " + cases.size() + " cases failed:\n"
                + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));
    }

    /** What is wrong with a case's answer, or {@code null}. */
    private static String problem(Case c, Cli cli) {
        if (!c.allowed().contains(cli.status)) {
            return "exit " + cli.status + ", expected " + c.allowed();
        }
        List<String> lines = cli.err.lines().filter(line -> !line.startsWith("WARNING: Using incubator modules")).toList();
        if (lines.size() != 1 || !lines.get(0).startsWith("hebbkit: ")) {
            return "standard error is not one 'hebbkit:' line";
        }
        if (cli.err.contains("\tat ") || cli.err.contains("Exception in thread") || cli.out.contains("\tat ")) {
            return "a stack trace";
        }
        if (cli.out.contains("Usage:") || cli.err.contains("Usage:")) {
            return "usage text instead of one line";
        }
        return null;
    }

    /** Walks the command tree (the help command aside) and adds every option's cases. */
    private void collect(CommandLine line, Path data, Map<String, String> inputs, List<Case> cases,
            Map<String, Integer> optionsPerCommand) throws IOException {
        CommandSpec spec = line.getCommandSpec();
        List<String> path = commandPath(spec);
        if (!path.isEmpty()) {
            int options = 0;
            for (OptionSpec option : spec.options()) {
                if (option.usageHelp() || option.versionHelp()) {
                    continue;
                }
                options++;
                for (String value : new java.util.LinkedHashSet<>(badValues(option, inputs))) {
                    Set<Integer> allowed = pathLike(option) && !isTextBad(value) ? Set.of(1, 2) : Set.of(2);
                    cases.add(new Case(arguments(spec, path, option, value, data), String.join(" ", path),
                            option.longestName(), value, allowed));
                }
            }
            // an unknown option and a stray word: picocli's own errors, as one line too
            cases.add(new Case(arguments(spec, path, null, "--no-such-option", data), String.join(" ", path), null,
                    "--no-such-option", Set.of(2)));
            cases.add(new Case(arguments(spec, path, null, "stray-é", data), String.join(" ", path), null, "stray-é",
                    Set.of(2)));
            optionsPerCommand.put(String.join(" ", path), options);
        }
        for (CommandLine sub : line.getSubcommands().values()) {
            if (!(sub.getCommand() instanceof CommandLine.HelpCommand) && sub.getCommandSpec().parent() == spec) {
                collect(sub, data, inputs, cases, optionsPerCommand);
            }
        }
    }

    private static List<String> commandPath(CommandSpec spec) {
        List<String> path = new ArrayList<>();
        for (CommandSpec at = spec; at.parent() != null; at = at.parent()) {
            path.add(0, at.name());
        }
        return path;
    }

    /**
     * The command's arguments with {@code option} set to {@code value} (or {@code value} appended, when no option) and
     * every other option it needs at a valid value: a required {@code --preset} and {@code --model}, and {@code --out} and
     * {@code --data} always inside the test's folder, so that nothing is written elsewhere, nor trained: the data
     * folder is empty.
     */
    private List<String> arguments(CommandSpec spec, List<String> path, OptionSpec option, String value, Path data)
            throws IOException {
        List<String> args = new ArrayList<>(path);
        for (OptionSpec other : spec.options()) {
            if (other == option) {
                continue;
            }
            String name = other.longestName();
            if (name.equals("--out")) {
                args.addAll(List.of(name, Files.createTempDirectory(temp, "out").resolve("new").toString()));
            } else if (name.equals("--data")) {
                args.addAll(List.of(name, data.toString()));
            } else if (name.equals("--model") && other.required()) {
                args.addAll(List.of(name, Files.createTempDirectory(temp, "model").toString()));
            } else if (other.required()) {
                args.addAll(List.of(name, name.equals("--preset") ? "softhebb-mnist-mlp" : "x"));
            }
        }
        if (option == null) {
            args.add(value);
        } else if (option.arity().max() == 0) {
            args.add(option.longestName() + "=" + value); // a flag given a value
        } else {
            args.addAll(List.of(option.longestName(), value));
        }
        return args;
    }

    /** The values each kind of option refuses, derived from its type, its {@link Range} and its role. */
    private static List<String> badValues(OptionSpec option, Map<String, String> inputs) {
        Class<?> type = option.type();
        if (java.util.Collection.class.isAssignableFrom(type)) {
            type = option.auxiliaryTypes()[0];
        }
        List<String> values = new ArrayList<>(List.of("", " ", "\t"));
        if (option.arity().max() == 0) {
            return List.of("maybe", "", "NaN", "é");
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            values.addAll(List.of("abc", "NaN", "1.5", "1e3", "0x10", "99999999999999999999", "é∞"));
            if (type == int.class || type == Integer.class) {
                values.addAll(List.of("2147483648", "-2147483649"));
            }
            Range range = CommandLines.range(option);
            if (range != null) {
                values.add(Long.toString(range.min() - 1));
                if (range.min() > 0) {
                    values.add("0");
                }
                if (range.min() > -1) {
                    values.add("-1");
                }
                if (range.min() > 1) {
                    values.add(Long.toString(range.min() / 2));
                }
                if (range.max() < Long.MAX_VALUE) {
                    values.add(Long.toString(range.max() + 1));
                }
            }
        } else if (type.isEnum()) {
            values.addAll(List.of("NaN", "é∞", "-1", "none"));
        } else if (type == Path.class) {
            values.add(inputs.get("file"));
            if (!option.longestName().equals("--out")) {
                values.add(inputs.get("missing"));
            }
        } else if (type == String.class) {
            values.addAll(List.of("é∞☃", "NaN", "-", "=", ",", "../"));
            if (option.longestName().equals("--preset") || option.longestName().equals("--json")) {
                values.addAll(List.of(inputs.get("folder"), inputs.get("missing.json"), inputs.get("empty.json"),
                        inputs.get("cut.json"), inputs.get("huge.json"), inputs.get("list.json")));
            }
        } else {
            fail("the fuzzer has no values for " + option.longestName() + " of type " + type.getName()
                    + ": add them, so that every option is fuzzed");
        }
        return values;
    }

    private static boolean pathLike(OptionSpec option) {
        return option.type() == Path.class;
    }

    /** Values refused by their text alone, whatever the option. */
    private static boolean isTextBad(String value) {
        return value.isBlank();
    }

    /** Files the path and preset values point at, in the test's folder. */
    private Map<String, String> inputs() throws IOException {
        Path files = Files.createDirectories(temp.resolve("inputs"));
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("file", Files.writeString(files.resolve("a-file.txt"), "not a folder").toString());
        inputs.put("missing", files.resolve("missing").toString());
        inputs.put("folder", Files.createDirectories(files.resolve("a-folder")).toString());
        inputs.put("missing.json", files.resolve("missing.json").toString());
        inputs.put("empty.json", Files.writeString(files.resolve("empty.json"), "").toString());
        String json = Cli.run("presets", "--json", "softhebb-mnist-mlp").out;
        inputs.put("cut.json", Files.writeString(files.resolve("cut.json"), json.substring(0, json.length() / 2)).toString());
        inputs.put("huge.json", Files.writeString(files.resolve("huge.json"), json.replace("\"outChannels\": 2000",
                "\"outChannels\": 2147483648")).toString());
        inputs.put("list.json", Files.writeString(files.resolve("list.json"), "[1, 2]").toString());
        return inputs;
    }

    /** Every file under {@code directory} (the build's target/ aside) with its size. */
    private static Map<String, Long> snapshot(Path directory) throws IOException {
        Map<String, Long> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.filter(p -> !directory.relativize(p).startsWith("target")).forEach(p -> files.put(
                    directory.relativize(p).toString(), p.toFile().length()));
        }
        return files;
    }

    private static String quoted(List<String> args) {
        StringBuilder line = new StringBuilder();
        for (String arg : args) {
            line.append(line.length() == 0 ? "" : " ").append(arg.matches("[A-Za-z0-9_./:=,+@%-]+") ? arg
                    : "'" + arg.replace("'", "'\\''") + "'");
        }
        return line.toString();
    }

    @Test
    void theLaunchersKernelAndNotebookCommandsAnswerInOneLineAndInstallNothing() throws Exception {
        Path root = Path.of(System.getProperty("hebbkit.project.root", "../.."));
        Path launcher = root.resolve("hebbkit").toAbsolutePath().normalize();
        Path home = Files.createDirectories(temp.resolve("home"));
        Path bin = Files.createDirectories(temp.resolve("bin"));
        // bash and dirname only: no mvn, java or jupyter, so that no value can install or start anything
        for (String tool : List.of("bash", "dirname")) {
            Path target = Path.of("/usr/bin", tool);
            Files.createSymbolicLink(bin.resolve(tool), Files.exists(target) ? target : Path.of("/bin", tool));
        }
        int cases = 0;
        Map<List<String>, Integer> expected = new LinkedHashMap<>();
        for (String help : List.of("--help", "-h", "help")) {
            expected.put(List.of("kernel", help), 0);
            expected.put(List.of("kernel", "install", help), 0);
            expected.put(List.of("notebook", help), 0);
        }
        for (String bad : List.of("", " ", "instal", "--bogus", "-1", "é∞", "NaN")) {
            expected.put(List.of("kernel", bad), 2);
            expected.put(List.of("kernel", "install", bad), 2);
            expected.put(List.of("notebook", bad), 2); // no jupyter-notebook on this PATH: refused before installing
        }
        expected.put(List.of("kernel"), 2);
        for (Map.Entry<List<String>, Integer> c : expected.entrySet()) {
            List<String> command = new ArrayList<>(List.of(launcher.toString()));
            command.addAll(c.getKey());
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().clear();
            builder.environment().putAll(Map.of("HOME", home.toString(), "PATH", bin.toString()));
            builder.redirectOutput(temp.resolve("out.txt").toFile()).redirectError(temp.resolve("err.txt").toFile());
            Process process = builder.start();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "no answer within 30 s: " + c.getKey());
            String out = Files.readString(temp.resolve("out.txt"), StandardCharsets.UTF_8);
            String err = Files.readString(temp.resolve("err.txt"), StandardCharsets.UTF_8);
            String shown = c.getKey() + " -> exit " + process.exitValue() + "\n" + out + "\n" + err;
            assertEquals((int) c.getValue(), process.exitValue(), shown);
            if (c.getValue() == 0) {
                assertTrue(out.startsWith("Usage: ./hebbkit kernel install"), shown);
                assertEquals("", err, shown);
            } else {
                assertEquals(1, err.lines().count(), shown);
                assertTrue(err.startsWith("hebbkit: "), shown);
            }
            cases++;
        }
        try (Stream<Path> written = Files.walk(home)) {
            assertEquals(List.of(home), written.toList(), "nothing installed into the home folder");
        }
        System.out.println("CommandLineFuzzTest: " + cases + " launcher cases (kernel, notebook)");
    }
}
