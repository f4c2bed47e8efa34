package org.hebbkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of README.md and docs/ compiles against HebbKit (the test class path), so that an example
 * cannot name a method that is gone. A block that declares a type is compiled as a file; any other block as the body of
 * a method. A block may be preceded by {@code <!-- snippet-context: Type name, Type name -->}, the variables it uses
 * without declaring them (they become the method's parameters). Every block gets the same imports: {@link #IMPORTS}.
 */
class DocSnippetsCompileTest {

    /** What every snippet may use without importing it. */
    static final String IMPORTS = String.join("\n",
            "import ai.djl.Device;",
            "import ai.djl.engine.Engine;",
            "import ai.djl.ndarray.*;",
            "import ai.djl.ndarray.types.*;",
            "import ai.djl.training.GradientCollector;",
            "import ai.djl.training.optimizer.Optimizer;",
            "import com.google.gson.JsonObject;",
            "import java.nio.file.*;",
            "import java.util.*;",
            "import org.hebbkit.datasets.*;",
            "import org.hebbkit.model.*;",
            "import org.hebbkit.nn.*;",
            "import org.hebbkit.rule.*;",
            "import org.hebbkit.study.*;",
            "import org.hebbkit.sweep.*;",
            "import org.hebbkit.train.*;", "");

    private static final Pattern BLOCK = Pattern.compile(
            "(?:<!-- snippet-context: ([^>]*?) -->\\s*\\n)?```java\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Pattern TYPE = Pattern.compile("(?m)^(public |final |abstract )*(class|record|interface|enum) ");

    /** One block: where it is and what it says. */
    record Snippet(String where, String context, String code) {}

    static List<Snippet> snippets(Path root) throws IOException {
        List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<Snippet> snippets = new ArrayList<>();
        for (Path page : pages) {
            String text = Files.readString(page);
            Matcher block = BLOCK.matcher(text);
            while (block.find()) {
                int line = (int) text.substring(0, block.start(2)).chars().filter(c -> c == '\n').count() + 1;
                snippets.add(new Snippet(root.relativize(page) + ":" + line, block.group(1) == null ? "" : block.group(1),
                        block.group(2)));
            }
        }
        return snippets;
    }

    /** The source of the compilation unit a snippet becomes. */
    static String source(Snippet snippet, String className) {
        if (TYPE.matcher(snippet.code()).find()) {
            return IMPORTS + snippet.code() + "\n";
        }
        return IMPORTS + "class " + className + " {\n  void run(" + snippet.context() + ") throws Exception {\n" + snippet.code()
                + "\n  }\n}\n";
    }

    @Test
    void javaSnippetsOfReadmeAndSiteCompile(@TempDir Path classes) throws IOException {
        List<Snippet> snippets = snippets(GeneratedDocsTest.root());
        assertFalse(snippets.isEmpty(), "no ```java block found in README.md or docs/");
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < snippets.size(); i++) {
            String result = compile(snippets.get(i), "Snippet" + i, classes);
            if (!result.isEmpty()) {
                failures.add(snippets.get(i).where() + ": " + result);
            }
        }
        assertEquals(List.of(), failures, "these ```java blocks do not compile against HebbKit; fix the block (or the"
                + " API), or give the variables it uses in <!-- snippet-context: Type name, ... --> on the line before it");
    }

    @Test
    void aSnippetThatNamesAMissingMethodFails(@TempDir Path classes) {
        String result = compile(new Snippet("x", "", "Presets.noSuchMethod();"), "Broken", classes);
        assertTrue(result.contains("noSuchMethod"), result);
    }

    /** Compiles one snippet; empty when it compiles, else the compiler's errors. */
    static String compile(Snippet snippet, String className, Path classes) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        String name = TYPE.matcher(snippet.code()).find() ? typeName(snippet.code()) : className;
        String source = source(snippet, className);
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter output = new StringWriter();
        boolean ok = compiler.getTask(output, null, diagnostics,
                List.of("-classpath", classPath, "-d", classes.toString(), "-proc:none", "-Xlint:none"), null, List.of(file)).call();
        if (ok) {
            return "";
        }
        StringBuilder errors = new StringBuilder();
        diagnostics.getDiagnostics().forEach(d -> errors.append("line ").append(d.getLineNumber()).append(": ")
                .append(d.getMessage(null).replaceAll("\\s+", " ")).append("; "));
        return errors.toString();
    }

    private static String typeName(String code) {
        Matcher matcher = Pattern.compile("(?m)^(?:public |final |abstract )*(?:class|record|interface|enum) (\\w+)").matcher(code);
        return matcher.find() ? matcher.group(1) : "Snippet";
    }
}
