package org.hebbkit.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A part of a hand-written Markdown page that a generator owns: the text between
 * {@code <!-- BEGIN GENERATED: NAME -->} and {@code <!-- END GENERATED: NAME -->}. The rest of the page is
 * written by hand; the generated part is replaced as a whole by {@code ./hebbkit docs}.
 *
 * <pre>{@code
 * String page = Files.readString(Path.of("docs/rules.md"));
 * String updated = new GeneratedSection("rule-registry").replaceIn(page, RuleZooPage.markdown(), "docs/rules.md");
 * }</pre>
 *
 * @param name the name in the markers (lower case, dashes)
 */
public record GeneratedSection(String name) {

    /** The marker that opens the section. */
    public String begin() {
        return "<!-- BEGIN GENERATED: " + name + " (./hebbkit docs writes this part; do not edit it by hand) -->";
    }

    /** The marker that closes the section. */
    public String end() {
        return "<!-- END GENERATED: " + name + " -->";
    }

    /**
     * {@code page} with the text between this section's markers replaced by {@code content}.
     *
     * @param where the page's name, for the message
     * @throws IllegalArgumentException if the page lacks either marker, or has them in the wrong order
     */
    public String replaceIn(String page, String content, String where) {
        int begin = page.indexOf(begin());
        int end = page.indexOf(end());
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(where + " has no generated section '" + name + "': add the two lines "
                    + begin() + " and " + end() + " where it belongs");
        }
        String body = content.endsWith("\n") ? content : content + "\n";
        return page.substring(0, begin + begin().length()) + "\n" + body + page.substring(end);
    }

    /** The text between the markers, as {@link #replaceIn} writes it (empty if the markers are missing). */
    public String contentOf(String page) {
        int begin = page.indexOf(begin());
        int end = page.indexOf(end());
        if (begin < 0 || end < begin) {
            return "";
        }
        return page.substring(begin + begin().length() + 1, end);
    }

    /** Reads a file as UTF-8. */
    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
