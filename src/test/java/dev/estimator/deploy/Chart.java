package dev.estimator.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

/** The chart in helm/estimator, linted and rendered by Helm itself (helm-java), its output parsed with SnakeYAML. */
final class Chart {

    static final Path DIR = Path.of("helm", "estimator");
    static final Path ALL_FEATURES = DIR.resolve("ci/all-features-values.yaml");
    static final String RELEASE = "est";
    static final String NAMESPACE = "analytics";

    private Chart() {
    }

    static Yaml yaml() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }

    static Map<String, Object> defaultValues() throws IOException {
        return yaml().load(Files.readString(DIR.resolve("values.yaml")));
    }

    /** Strict lint of the chart with its defaults, or (in a copy of it) with {@code overrides} merged into them. */
    static LintResult lint(Path copyDir, Path overrides) throws IOException {
        if (overrides == null) {
            return new Helm(DIR).lint().strict().call();
        }
        copy(copyDir);
        Map<String, Object> merged = merge(defaultValues(), yaml().load(Files.readString(overrides)));
        Files.writeString(copyDir.resolve("values.yaml"), yaml().dump(merged));
        return new Helm(copyDir).lint().strict().call();
    }

    /** Copies the chart into an empty folder. */
    static void copy(Path copyDir) throws IOException {
        try (Stream<Path> files = Files.walk(DIR)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = copyDir.resolve(DIR.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    /** {@code helm template} with an optional values file and {@code --set} pairs (key, value, key, value…). */
    static Manifests render(Path valuesFile, Object... sets) {
        return renderChart(DIR, valuesFile, sets);
    }

    /** As {@link #render(Path, Object...)}, of the chart in {@code chartDir}. */
    static Manifests renderChart(Path chartDir, Path valuesFile, Object... sets) {
        TemplateCommand template = new Helm(chartDir).template().withName(RELEASE).withNamespace(NAMESPACE);
        if (valuesFile != null) {
            template.withValuesFile(valuesFile);
        }
        for (int i = 0; i < sets.length; i += 2) {
            template.set((String) sets[i], sets[i + 1]);
        }
        String out = template.call();
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object doc : yaml().loadAll(out)) {
            if (doc != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> manifest = (Map<String, Object>) doc;
                documents.add(manifest);
            }
        }
        return new Manifests(documents);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        over.forEach((k, v) -> merged.merge(k, v, (a, b) -> a instanceof Map && b instanceof Map
                ? merge((Map<String, Object>) a, (Map<String, Object>) b) : b));
        return merged;
    }

    /** Rendered manifests, and paths into them. */
    record Manifests(List<Map<String, Object>> documents) {

        List<String> kinds() {
            return documents.stream().map(d -> (String) d.get("kind")).sorted().toList();
        }

        Map<String, Object> one(String kind) {
            List<Map<String, Object>> found = all(kind);
            if (found.size() != 1) {
                throw new AssertionError("expected one " + kind + ", found " + found.size());
            }
            return found.get(0);
        }

        List<Map<String, Object>> all(String kind) {
            return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
        }

        Map<String, Object> named(String kind, String name) {
            return all(kind).stream().filter(d -> name.equals(at(d, "metadata.name"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
        }

        /** The one container of the Deployment. */
        Map<String, Object> container() {
            List<Map<String, Object>> containers = at(one("Deployment"), "spec.template.spec.containers");
            if (containers.size() != 1) {
                throw new AssertionError("one container expected: " + containers);
            }
            return containers.get(0);
        }

        /** The application.properties of the ConfigMap the Deployment mounts. */
        Properties properties() throws IOException {
            Properties properties = new Properties();
            properties.load(new StringReader(at(named("ConfigMap", RELEASE + "-estimator"), "data.application.properties")));
            return properties;
        }
    }

    /**
     * The value at a dotted path of maps ({@code spec.template.spec}); a map key that itself contains dots is
     * matched whole when the path ends with it ({@code data.application.properties}).
     */
    @SuppressWarnings("unchecked")
    static <T> T at(Object node, String path) {
        Object current = node;
        String rest = path;
        while (!rest.isEmpty()) {
            if (!(current instanceof Map<?, ?> map)) {
                throw new AssertionError("no " + path + " (stopped at " + rest + ")");
            }
            if (map.containsKey(rest)) {
                return (T) map.get(rest);
            }
            int dot = rest.indexOf('.');
            String key = dot < 0 ? rest : rest.substring(0, dot);
            if (!map.containsKey(key)) {
                throw new AssertionError("no " + path + " (missing " + key + ")");
            }
            current = map.get(key);
            rest = dot < 0 ? "" : rest.substring(dot + 1);
        }
        return (T) current;
    }
}
