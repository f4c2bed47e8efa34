package org.hebbkit.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Replays the cases {@link CommandLineFuzzTest} dumped ({@code -Dhebbkit.fuzz.cases=FILE}) against whichever
 * {@code hebbkit-cli} is on the class path (an older build, to count what a change fixed), with the same criteria;
 * appends one line per case to RESULTS and exits 3 after a case that ran past 20 s (the caller starts it again from the
 * next case). Arguments: FILE FROM RESULTS. See docs/reliability-cli.md.
 */
final class FuzzReplay {

    private FuzzReplay() {}

    public static void main(String[] a) throws Exception {
        JsonObject file = JsonParser.parseString(Files.readString(Path.of(a[0]))).getAsJsonObject();
        String temp = file.get("temp").getAsString();
        String kept = a[0] + ".files";
        int from = Integer.parseInt(a[1]);
        JsonArray cases = file.getAsJsonArray("cases");
        Path results = Path.of(a[2]);
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> { Thread t = new Thread(r); t.setDaemon(true); return t; });
        for (int i = from; i < cases.size(); i++) {
            JsonObject c = cases.get(i).getAsJsonObject();
            List<String> args = new ArrayList<>();
            for (JsonElement e : c.getAsJsonArray("args")) args.add(e.getAsString().replace(temp, kept));
            Set<Integer> allowed = new HashSet<>();
            for (JsonElement e : c.getAsJsonArray("allowed")) allowed.add(e.getAsInt());
            StringWriter out = new StringWriter(), err = new StringWriter();
            Future<Integer> f = runner.submit(() -> {
                try {
                    return (Integer) Class.forName("org.hebbkit.cli.HebbKitCommand").getMethod("execute", String[].class,
                            PrintWriter.class, PrintWriter.class).invoke(null, args.toArray(String[]::new),
                            new PrintWriter(out, true), new PrintWriter(err, true));
                } catch (java.lang.reflect.InvocationTargetException e) {
                    e.getCause().printStackTrace(new PrintWriter(err, true));
                    return -1;
                }
            });
            String verdict;
            int status = -2;
            try {
                status = f.get(20, TimeUnit.SECONDS);
                List<String> lines = err.toString().lines().filter(l -> !l.startsWith("WARNING: Using incubator")).toList();
                if (!allowed.contains(status)) verdict = "exit " + status;
                else if (lines.size() != 1 || !lines.get(0).startsWith("hebbkit: ")) verdict = "not one hebbkit line";
                else if (err.toString().contains("\tat ") || out.toString().contains("Usage:")) verdict = "trace or usage";
                else verdict = "ok";
            } catch (TimeoutException e) {
                verdict = "timeout (20 s: the command ran)";
            }
            String line = i + "\t" + verdict + "\t" + String.join(" ", args).replace(kept, "T") + "\t"
                    + err.toString().lines().filter(l -> !l.startsWith("WARNING")).findFirst().orElse("").replace("\t", " ") + "\n";
            Files.writeString(results, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            if (verdict.startsWith("timeout")) { System.exit(3); }
        }
        System.exit(0);
    }
}
