package dev.herald.sdk;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code ./mvnw install} puts into a local repository for another project: the SDK's jar with
 * its sources and javadoc jars (so an IDE shows the code and the docs), under a POM that carries what
 * a published POM needs. Runs after package, on the jars this build made.
 */
class PublishedArtifactsIT {
    private static final String PACKAGE_DIR = "dev/herald/sdk/";

    private static Path file(String property) {
        String value = System.getProperty(property);
        assertThat(value).as("system property %s (set by failsafe in herald-sdk/pom.xml)", property).isNotNull();
        return Path.of(value);
    }

    @Test
    void theSourcesJarHoldsEverySourceFileOfTheSdk() throws IOException {
        Set<String> sources;
        try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/herald/sdk"))) {
            sources = files.map(p -> PACKAGE_DIR + p.getFileName()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(sources).contains(PACKAGE_DIR + "Herald.java", PACKAGE_DIR + "package-info.java");

        try (JarFile jar = new JarFile(file("sdk.sourcesJar").toFile())) {
            Set<String> entries = names(jar);
            assertThat(entries).containsAll(sources);
            // The same bytes as the tree the jar was built from.
            for (String source : sources) {
                byte[] inJar = jar.getInputStream(jar.getEntry(source)).readAllBytes();
                assertThat(new String(inJar, StandardCharsets.UTF_8)).as(source)
                        .isEqualTo(Files.readString(Path.of("src/main/java").resolve(source)));
            }
        }
    }

    @Test
    void theJavadocJarDocumentsEveryPublicTypeAndNoInternalOne() throws Exception {
        List<String> publicPages = new ArrayList<>();
        List<String> internalPages = new ArrayList<>();
        try (Stream<Path> classes = Files.list(file("sdk.classes").resolve(PACKAGE_DIR))) {
            for (Path classFile : classes.filter(p -> p.toString().endsWith(".class")).toList()) {
                String binaryName = PACKAGE_DIR.replace('/', '.')
                        + classFile.getFileName().toString().replace(".class", "");
                Class<?> type = Class.forName(binaryName, false, getClass().getClassLoader());
                if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()
                        || binaryName.endsWith("package-info")) {
                    continue;
                }
                String page = PACKAGE_DIR + page(type);
                (visible(type) ? publicPages : internalPages).add(page);
            }
        }
        assertThat(publicPages).contains(PACKAGE_DIR + "Herald.html", PACKAGE_DIR + "Herald.Builder.html",
                PACKAGE_DIR + "Notification.html", PACKAGE_DIR + "HeraldException.html");
        assertThat(internalPages).contains(PACKAGE_DIR + "HttpHerald.html", PACKAGE_DIR + "Transport.html");

        try (JarFile jar = new JarFile(file("sdk.javadocJar").toFile())) {
            Set<String> entries = names(jar);
            assertThat(entries).contains("index.html", PACKAGE_DIR + "package-summary.html");
            assertThat(entries).containsAll(publicPages);
            assertThat(entries).doesNotContainAnyElementsOf(internalPages);
            // The package's own documentation (package-info.java) made it into the summary page.
            String summary = new String(jar.getInputStream(jar.getEntry(PACKAGE_DIR + "package-summary.html"))
                    .readAllBytes(), StandardCharsets.UTF_8);
            assertThat(summary).contains("Herald");
        }
    }

    @Test
    void theSdkJarCarriesItsCoordinatesAndThePomCarriesWhatPublishingNeeds() throws Exception {
        try (JarFile jar = new JarFile(file("sdk.jar").toFile())) {
            ZipEntry pomProperties = jar.getEntry("META-INF/maven/dev.herald/herald-sdk/pom.properties");
            assertThat(pomProperties).as("dev.herald:herald-sdk coordinates in the jar").isNotNull();
            String properties = new String(jar.getInputStream(pomProperties).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(properties).contains("groupId=dev.herald", "artifactId=herald-sdk");
        }
        Path root = file("herald.root");
        Element sdk = pom(Path.of("pom.xml"));
        assertThat(text(sdk, "name")).isNotBlank();
        assertThat(text(sdk, "description")).isNotBlank();

        // The rest is inherited from the parent POM, which is installed beside the SDK's.
        Element parent = pom(root.resolve("pom.xml"));
        assertThat(text(parent, "groupId")).isEqualTo("dev.herald");
        assertThat(text(parent, "url")).startsWith("https://");
        Element license = child(child(parent, "licenses"), "license");
        assertThat(text(license, "name")).isEqualTo("Apache-2.0");
        assertThat(text(license, "url")).startsWith("https://");
        Element developer = child(child(parent, "developers"), "developer");
        assertThat(text(developer, "name")).isNotBlank();
        Element scm = child(parent, "scm");
        assertThat(text(scm, "connection")).startsWith("scm:git:");
        assertThat(text(scm, "url")).startsWith("https://");
        // The license the POM names is the one in the repository.
        assertThat(Files.readString(root.resolve("LICENSE"))).contains("Apache License", "Version 2.0, January 2004");
    }

    private static boolean visible(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
            if (!Modifier.isPublic(t.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    /** Javadoc's page for a type: Outer.Inner.html for a nested one. */
    private static String page(Class<?> type) {
        String name = type.getSimpleName();
        for (Class<?> outer = type.getEnclosingClass(); outer != null; outer = outer.getEnclosingClass()) {
            name = outer.getSimpleName() + "." + name;
        }
        return name + ".html";
    }

    private static Set<String> names(JarFile jar) {
        return jar.stream().map(ZipEntry::getName).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Element pom(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = factory.newDocumentBuilder().parse(file.toFile());
        return doc.getDocumentElement();
    }

    /** The first direct child element with that name. */
    private static Element child(Element parent, String name) {
        for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("<" + parent.getTagName() + "> has no <" + name + ">");
    }

    private static String text(Element parent, String name) {
        return child(parent, name).getTextContent().trim();
    }
}
