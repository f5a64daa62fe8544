package dev.herald.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The layout the build's fuzz executions rely on (root pom, surefire): a fuzz test lives in a class
 * named {@code *FuzzTest}, which the other tests' JVM leaves out, and such a class holds exactly one
 * {@code @FuzzTest}, because Jazzer fuzzes only one test per JVM and would silently skip a second.
 */
public final class FuzzTestLayout {
    private FuzzTestLayout() {
    }

    /** Checks every test class compiled beside {@code anchor} (the module's test classes). */
    public static void check(Class<?> anchor) {
        Path root;
        try {
            root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<String> problems = new ArrayList<>();
        int fuzzClasses = 0;
        for (Class<?> c : classes(root, anchor.getClassLoader())) {
            long fuzzTests = Arrays.stream(c.getDeclaredMethods()).filter(FuzzTestLayout::isFuzzTest).count();
            boolean named = c.getSimpleName().endsWith("FuzzTest");
            if (named) {
                fuzzClasses++;
            }
            if (fuzzTests > 0 && !named) {
                problems.add(c.getName() + " has a @FuzzTest but its name does not end in FuzzTest");
            }
            if (named && fuzzTests != 1) {
                problems.add(c.getName() + " has " + fuzzTests + " @FuzzTest methods; a fuzz test class has exactly one");
            }
        }
        assertThat(problems).isEmpty();
        assertThat(fuzzClasses).as("fuzz test classes under %s", root).isPositive();
    }

    private static boolean isFuzzTest(Method m) {
        return m.isAnnotationPresent(FuzzTest.class);
    }

    private static List<Class<?>> classes(Path root, ClassLoader loader) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(root::relativize).map(Path::toString)
                    .filter(f -> f.endsWith(".class") && !f.contains("$"))
                    .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.'))
                    .<Class<?>>map(name -> load(name, loader))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
