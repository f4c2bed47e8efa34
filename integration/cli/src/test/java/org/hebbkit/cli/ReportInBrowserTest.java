package org.hebbkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report.html} in a real browser: a small real run on MNIST (two conv layers, so that the page has both
 * the first layer's filters and layer 2's receptive fields), then headless Chromium loads the page from disk.
 * The DOM it dumps after loading holds every chart as SVG with its title, and its screenshot is a drawn page
 * (many colours, the charts' red and blue lines), not a blank one.
 */
class ReportInBrowserTest {

    /** Debian's Chromium ({@code apt-get install chromium}). */
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    /** Each browser run is killed after this long. */
    private static final long TIMEOUT_SECONDS = 90;

    /** Two small conv blocks (8 and 16 channels), 2 Hebbian epochs each, 3 probe epochs: seconds on a laptop. */
    static final String TWO_LAYER = """
            {"name": "report-two-layer", "description": "Two small SoftHebb conv blocks on MNIST", "reference": "test",
             "dataset": "mnist", "input": [1, 28, 28],
             "blocks": [
              {"batchNorm": true, "outChannels": 8,
               "conv": {"kernel": 5, "stride": 1, "padding": 2, "paddingMode": "reflect", "dilation": 1, "groups": 1},
               "competition": {"type": "soft-krotov", "temperatureInverse": 1.0}, "rule": {"type": "softhebb"},
               "learningRate": {"type": "norm-adaptive", "rate": 0.08, "power": 0.5},
               "normaliseUpdate": true, "renormalise": false, "preTriangle": false,
               "activation": {"type": "triangle", "power": 0.7},
               "pooling": {"kind": "max", "kernel": 4, "stride": 2, "padding": 1}, "init": {"kind": "normal", "radius": 25}},
              {"batchNorm": true, "outChannels": 16,
               "conv": {"kernel": 3, "stride": 1, "padding": 1, "paddingMode": "reflect", "dilation": 1, "groups": 1},
               "competition": {"type": "soft-krotov", "temperatureInverse": 0.65}, "rule": {"type": "softhebb"},
               "learningRate": {"type": "norm-adaptive", "rate": 0.005, "power": 0.5},
               "normaliseUpdate": true, "renormalise": false, "preTriangle": false,
               "activation": {"type": "triangle", "power": 1.4},
               "pooling": {"kind": "avg", "kernel": 2, "stride": 2, "padding": 0}, "init": {"kind": "normal", "radius": 25}}],
             "training": "hebbian", "unsupervised": {"mode": "successive", "epochs": 2, "batchSize": 10},
             "probe": {"epochs": 3, "batchSize": 64, "learningRate": 0.001, "dropout": 0.0, "milestones": [], "evalBatchSize": 500}}
            """;

    /** The history charts of a Hebbian run with a probe, in page order. */
    private static final List<String> CHART_TITLES = List.of("Readout accuracy per epoch", "Readout loss per epoch",
            "Mean weight radius per Hebbian epoch", "Fraction of neurons at radius 1 per Hebbian epoch",
            "Unit convergence per Hebbian epoch", "Mean learning rate per Hebbian epoch", "Win entropy (bits) per Hebbian epoch");

    @TempDir
    Path temp;

    private int browserRuns;

    @Test
    void trainWritesAReportThatChromiumDrawsWithItsChartsAndPictures() throws Exception {
        requireChromium();
        Path data = TrainEvalRealRunTest.dataDirectory();
        Path preset = temp.resolve("report-two-layer.json");
        Files.writeString(preset, TWO_LAYER);
        Path out = temp.resolve("run");
        Cli train = Cli.run("train", "--preset", preset.toString(), "--data", data.toString(), "--out", out.toString(),
                "--limit-train", "300", "--limit-test", "100", "--seed", "0");
        assertEquals(0, train.status, train.toString());
        assertTrue(train.out.lines().anyMatch(line -> line.equals("wrote " + out
                + " (run.json, model/, filters-layer1.png, receptive-fields-layer2.png, report.html)")), train.out);
        assertFalse(train.err.contains("warning"), train.err);

        Path report = out.resolve("report.html");
        String html = Files.readString(report);
        assertFalse(html.toLowerCase(Locale.ROOT).contains("<script"), "no script in the page");
        Matcher external = Pattern.compile("\\b(?:src|href)\\s*=\\s*[\"']?\\s*(?:https?:)?//", Pattern.CASE_INSENSITIVE)
                .matcher(html);
        assertFalse(external.find(), () -> "the page fetches nothing: " + html.substring(external.start(),
                Math.min(html.length(), external.start() + 120)));

        String dom = chromium("--dump-dom", report.toUri().toString());
        assertEquals(CHART_TITLES.size(), count(dom, "<svg"), "one SVG per chart in the rendered DOM");
        assertEquals(CHART_TITLES, all(dom, "<text class=\"plot-title\"[^>]*>\\s*([^<]*?)\\s*</text>"),
                "every chart drew its title");
        assertEquals(List.of("Layer 1 filters", "Layer 2 receptive fields"),
                all(dom, "<img alt=\"([^\"]*)\"[^>]*src=\"data:image/png;base64,"), "both unit pictures, inline");
        JsonObject record = JsonParser.parseString(Files.readString(out.resolve("run.json"))).getAsJsonObject();
        String accuracy = String.format(Locale.ROOT, "%.2f %%", record.get("test_accuracy").getAsDouble() * 100);
        assertTrue(dom.contains("<span class=\"value\">" + accuracy + "</span><span class=\"label\">test accuracy</span>"),
                "the headline shows run.json's test accuracy " + accuracy);
        assertTrue(dom.contains("<h1>report-two-layer</h1>"), dom.substring(0, Math.min(dom.length(), 2000)));

        Path screenshot = temp.resolve("report.png");
        chromium("--screenshot=" + screenshot, "--window-size=1200,2000", report.toUri().toString());
        BufferedImage image = ImageIO.read(screenshot.toFile());
        assertEquals(1200, image.getWidth());
        assertEquals(2000, image.getHeight());
        Set<Integer> colours = new HashSet<>();
        int red = 0;
        int blue = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                int r = rgb >> 16;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                red += r > 180 && g < 90 && b < 90 ? 1 : 0;
                blue += b > 150 && r < 110 && g > 105 && g < 160 ? 1 : 0;
            }
        }
        assertTrue(colours.size() > 200, "a drawn page, not a blank one: " + colours.size() + " colours in " + screenshot);
        assertTrue(red > 1000 && blue > 1500, "the charts' train and test lines are drawn: " + red + " red and " + blue
                + " blue pixels in " + screenshot);
    }

    /** Skips without Chromium, except on CI ({@code CI=true}), where a missing browser is a failure. */
    private static void requireChromium() {
        if (Files.isExecutable(CHROMIUM)) {
            return;
        }
        String message = CHROMIUM + " not found: the report's browser test needs Debian's Chromium"
                + " (apt-get install chromium).";
        if ("true".equals(System.getenv("CI"))) {
            fail(message + " CI=true, so a missing browser is a failure.");
        }
        Assumptions.abort(message);
    }

    /**
     * Runs headless Chromium on its own fresh profile (nothing shared with another run, nothing written to the
     * home directory), killed after {@value #TIMEOUT_SECONDS} s.
     *
     * @return what it printed on standard output
     */
    private String chromium(String... arguments) throws IOException, InterruptedException {
        Path run = Files.createDirectories(temp.resolve("chromium-" + ++browserRuns));
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + run.resolve("profile")));
        command.addAll(List.of(arguments));
        Path stdout = run.resolve("stdout");
        Path stderr = run.resolve("stderr");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().put("HOME", run.toString());
        builder.environment().put("XDG_CONFIG_HOME", run.resolve("config").toString());
        builder.environment().put("XDG_CACHE_HOME", run.resolve("cache").toString());
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            fail("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + String.join(" ", command) + "\n"
                    + Files.readString(stderr));
        }
        assertEquals(0, process.exitValue(), () -> "chromium failed: " + String.join(" ", command) + "\n" + read(stderr));
        return Files.readString(stdout);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    private static int count(String text, String what) {
        int count = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            count++;
        }
        return count;
    }

    /** The first group of every match of {@code regex}, in order. */
    private static List<String> all(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher matcher = Pattern.compile(regex).matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
