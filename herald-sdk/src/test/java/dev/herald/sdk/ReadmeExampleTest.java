package dev.herald.sdk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's examples are what a new user pastes first: every complete Java example in it (a
 * block that starts with its imports) compiles as it stands against this SDK.
 */
class ReadmeExampleTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CLASS_NAME = Pattern.compile("public class (\\w+)");

    @TempDir
    Path work;

    @Test
    void everyCompleteExampleInTheReadmeCompilesAsPasted() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        List<Path> sources = new ArrayList<>();
        Matcher block = JAVA_BLOCK.matcher(readme);
        while (block.find()) {
            String code = block.group(1);
            if (!code.startsWith("import ")) {
                continue; // a fragment inside the text, not a file of its own
            }
            Matcher name = CLASS_NAME.matcher(code);
            assertThat(name.find()).as("a complete example declares a public class:\n%s", code).isTrue();
            Path source = work.resolve(name.group(1) + ".java");
            Files.writeString(source, code, StandardCharsets.UTF_8);
            sources.add(source);
        }
        assertThat(sources).as("the README's usage example").isNotEmpty();

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            boolean compiled = javac.getTask(null, files, diagnostics,
                    List.of("-classpath", System.getProperty("java.class.path"), "-d", work.toString(), "-Xlint:all"),
                    null, files.getJavaFileObjectsFromPaths(sources)).call();
            List<String> problems = diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() == Diagnostic.Kind.ERROR || d.getKind() == Diagnostic.Kind.WARNING)
                    .map(d -> d.getKind() + " line " + d.getLineNumber() + ": " + d.getMessage(null))
                    .toList();
            assertThat(problems).isEmpty();
            assertThat(compiled).isTrue();
        }
    }
}
