package dev.estimator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import tools.jackson.databind.json.JsonMapper;

import dev.estimator.job.JobApi;

/**
 * The OpenAPI document: {@code openapi/openapi.yaml} in the repository must equal the live {@code /v3/api-docs}
 * (compared as trees, so key order and YAML/JSON spelling do not matter), and Swagger UI must answer.
 * <p>
 * {@code ./mvnw verify -Dtest=ApiDocumentationTest -Dopenapi.write=true} rewrites the file from the live
 * {@code /v3/api-docs.yaml} (then checks it like any other run); commit the result with the change that caused it.
 * <p>
 * Same configuration as the other PostgreSQL tests, so it shares their cached application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiDocumentationTest {

    static final Path COMMITTED = Path.of("openapi", "openapi.yaml");
    static final String WRITE_PROPERTY = "openapi.write";
    static final int MAX_LISTED = 60;
    static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;


    @Test
    void committedSpecEqualsTheLiveSpec() throws IOException {
        if (Boolean.getBoolean(WRITE_PROPERTY)) {
            HttpResponse<String> yaml = get("/v3/api-docs.yaml");
            assertThat(yaml.statusCode()).as(yaml.body()).isEqualTo(200);
            Files.createDirectories(COMMITTED.getParent());
            Files.writeString(COMMITTED, yaml.body(), StandardCharsets.UTF_8);
        }
        assertThat(COMMITTED).as("%s is missing; regenerate it: %s", COMMITTED, regenerate()).exists();

        HttpResponse<String> json = get("/v3/api-docs");
        assertThat(json.statusCode()).as(json.body()).isEqualTo(200);
        Object live = JsonMapper.shared().readValue(json.body(), Object.class);
        Object committed;
        try (Reader in = Files.newBufferedReader(COMMITTED, StandardCharsets.UTF_8)) {
            committed = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        }

        List<String> differences = new ArrayList<>();
        compare("$", committed, live, differences);
        if (!differences.isEmpty()) {
            StringBuilder message = new StringBuilder()
                    .append(COMMITTED).append(" differs from the live /v3/api-docs at ").append(differences.size())
                    .append(" place(s) (committed vs live):\n");
            differences.stream().limit(MAX_LISTED).forEach(d -> message.append("  ").append(d).append('\n'));
            if (differences.size() > MAX_LISTED) {
                message.append("  … and ").append(differences.size() - MAX_LISTED).append(" more\n");
            }
            message.append("If the API change is intended, regenerate the file: ").append(regenerate());
            fail(message.toString());
        }
    }

    /**
     * The test context layers src/test/resources/config/application.properties over the main file; a
     * {@code springdoc.*} override there would make the committed document differ from what the service serves
     * while this test still passed.
     */
    @Test
    void springdocSettingsOfTheServiceAreThoseOfTheTests() throws IOException {
        Properties main = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src", "main", "resources", "application.properties"))) {
            main.load(in);
        }
        assertThat(main.getProperty("springdoc.default-produces-media-type")).isEqualTo("application/json");
        for (String key : new TreeSet<>(main.stringPropertyNames())) {
            if (key.startsWith("springdoc.")) {
                assertThat(environment.getProperty(key))
                        .as("%s is set in src/main/resources/application.properties and overridden by the tests",
                                key)
                        .isEqualTo(main.getProperty(key));
            }
        }
    }

    /** Clients generated from the document see the error bodies, the spec's enums and its required fields. */
    @Test
    void errorsEnumsAndRequiredFieldsAreDocumented() {
        Map<String, Object> spec = liveSpec();
        Map<String, Object> schemas = map(map(spec.get("components")).get("schemas"));
        assertThat(map(map(schemas.get("Problem")).get("properties")))
                .containsKeys("type", "title", "status", "detail", "instance", "errors", "line", "column");

        Map<String, Object> submit = operation(spec, "/api/v1/jobs", "post");
        Map<String, Object> invalid = map(map(submit.get("responses")).get("400"));
        assertThat(map(map(map(invalid.get("content")).get("application/problem+json")).get("schema")).get("$ref"))
                .isEqualTo("#/components/schemas/Problem");
        assertThat(map(map(map(submit.get("responses")).get("429")).get("headers"))).containsKey("Retry-After");
        assertThat(map(map(map(submit.get("responses")).get("503")).get("headers"))).containsKey("Retry-After");
        assertThat(map(map(map(submit.get("responses")).get("202")).get("headers"))).containsKey("Location");
        assertThat(map(map(operation(spec, "/api/v1/datasets", "post").get("responses"))))
                .containsKeys("201", "400", "413", "415");
        assertThat(map(map(operation(spec, "/api/v1/datasets/{id}", "delete").get("responses"))))
                .containsKeys("204", "404", "409");
        assertThat(map(map(operation(spec, "/api/v1/jobs/{id}/result", "get").get("responses"))))
                .containsKeys("200", "404", "409");
        assertThat(map(map(map(operation(spec, "/api/v1/jobs/{id}/events", "get").get("responses")).get("200"))
                .get("content"))).containsKey("text/event-stream");
        assertThat(map(map(map(operation(spec, "/api/v1/jobs/{id}", "get").get("responses")).get("200"))
                .get("content"))).containsKey("application/json");

        Map<String, Object> waitSeconds = ((List<?>) operation(spec, "/api/v1/jobs/{id}", "get").get("parameters"))
                .stream().map(ApiDocumentationTest::map).filter(p -> "waitSeconds".equals(p.get("name")))
                .findFirst().orElseThrow();
        assertThat(waitSeconds.get("required")).isEqualTo(false);

        Map<String, Object> jobSpec = map(schemas.get("JobSpec"));
        assertThat((List<Object>) jobSpec.get("required")).containsExactlyInAnyOrder("datasetId", "target");
        assertThat((List<Object>) map(map(jobSpec.get("properties")).get("model")).get("enum"))
                .as("an optional field may be null (the default)")
                .containsExactly("linear", "logistic", "poisson", "huber", "gamma", "multinomial", null);
        Map<String, Object> optimizer = map(map(schemas.get("Optimizer")).get("properties"));
        assertThat((List<Object>) map(optimizer.get("algorithm")).get("enum"))
                .containsExactly("gd", "sgd", "minibatch", "newton", "lbfgs", null);
        assertThat((List<Object>) map(optimizer.get("update")).get("enum"))
                .containsExactly("plain", "momentum", "nesterov", "adagrad", "adam", null);
        assertThat((List<Object>) map(optimizer.get("parallelMode")).get("enum"))
                .containsExactly("gradient", "model_averaging", null);

        // What strict clients (generated ones) trip over: the service sends null for a value it does not have.
        Map<String, Object> job = map(map(schemas.get("JobResponse")).get("properties"));
        assertThat((List<Object>) map(job.get("finishedAt")).get("type")).containsExactly("string", "null");
        assertThat((List<Object>) map(job.get("error")).get("anyOf")).hasSize(2);
        Map<String, Object> candidate = map(map(schemas.get("SearchCandidate")).get("properties"));
        assertThat((List<Object>) map(map(candidate.get("foldScores")).get("items")).get("type"))
                .as("a fold not finished has a null score").containsExactly("number", "null");
        Map<String, Object> license = map(map(spec.get("info")).get("license"));
        assertThat(license.get("identifier")).isEqualTo("Apache-2.0");
        List<Map<String, Object>> upload = ((List<?>) operation(spec, "/api/v1/datasets", "post").get("parameters"))
                .stream().map(ApiDocumentationTest::map).toList();
        assertThat(upload).filteredOn(p -> List.of("name", "categorical").contains(p.get("name")))
                .hasSize(2).allSatisfy(p -> assertThat(map(p.get("schema"))).doesNotContainKey("format"));
        assertThat(String.valueOf(map(spec.get("info")).get("description")))
                .as("Swagger UI renders the description as Markdown: the placeholder stays in a code span")
                .contains("`Authorization: Bearer <credential>`");
    }

    /** The operations of API.md that the service implements, each with its success status. */
    @Test
    void everyOperationOfTheContractIsDocumented() {
        Map<String, Object> spec = liveSpec();
        assertThat(spec.get("openapi")).isEqualTo("3.1.0");
        assertOperation(spec, "/api/v1/datasets", "post", "201");
        assertOperation(spec, "/api/v1/datasets", "get", "200");
        assertOperation(spec, "/api/v1/datasets/{id}", "get", "200");
        assertOperation(spec, "/api/v1/datasets/{id}", "delete", "204");
        assertOperation(spec, "/api/v1/datasets/{id}/rows", "get", "200");
        assertOperation(spec, "/api/v1/jobs", "post", "202");
        assertOperation(spec, "/api/v1/jobs", "get", "200");
        assertOperation(spec, "/api/v1/jobs/{id}", "get", "200");
        assertOperation(spec, "/api/v1/jobs/{id}/cancel", "post", "202");
        assertOperation(spec, "/api/v1/jobs/{id}/loss", "get", "200");
        assertOperation(spec, "/api/v1/jobs/{id}/events", "get", "200");
        assertOperation(spec, "/api/v1/jobs/{id}/result", "get", "200");
        assertOperation(spec, "/api/v1/jobs/{id}/predictions", "post", "200");
        assertOperation(spec, "/api/v1/keys", "post", "201");
        assertOperation(spec, "/api/v1/keys", "get", "200");
        assertOperation(spec, "/api/v1/keys/{id}", "delete", "204");

        Map<String, Object> upload = operation(spec, "/api/v1/datasets", "post");
        assertThat(parameterNames(upload)).contains("name", "header", "delimiter", "categorical");
        assertThat(map(map(upload.get("requestBody")).get("content")).keySet())
                .contains("text/csv", "multipart/form-data");
        assertThat(parameterNames(operation(spec, "/api/v1/jobs", "post"))).contains("Idempotency-Key");
        assertThat(parameterNames(operation(spec, "/api/v1/jobs", "get")))
                .contains("status", "datasetId", "searchId", "page", "size");
        assertThat(parameterNames(operation(spec, "/api/v1/jobs/{id}", "get"))).contains("waitSeconds");
        assertThat(parameterNames(operation(spec, "/api/v1/jobs/{id}/loss", "get"))).contains("from", "limit");
        assertThat(parameterNames(operation(spec, "/api/v1/datasets/{id}/rows", "get"))).contains("offset", "limit");
    }

    @Test
    void swaggerUiAnswers() {
        HttpResponse<String> redirect = get("/swagger-ui.html");
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/swagger-ui/index.html"));
        HttpResponse<String> ui = get("/swagger-ui/index.html");
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        HttpResponse<String> config = get("/v3/api-docs/swagger-config");
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body()).contains("/v3/api-docs");
    }

    private static void assertOperation(Map<String, Object> spec, String path, String method, String status) {
        Map<String, Object> responses = map(operation(spec, path, method).get("responses"));
        assertThat(responses).as("responses of %s %s", method.toUpperCase(), path).containsKey(status);
    }

    private static Map<String, Object> operation(Map<String, Object> spec, String path, String method) {
        Map<String, Object> item = map(map(spec.get("paths")).get(path));
        assertThat(item).as("path %s", path).isNotNull();
        Map<String, Object> operation = map(item.get(method));
        assertThat(operation).as("%s %s", method.toUpperCase(), path).isNotNull();
        return operation;
    }

    private static List<Object> parameterNames(Map<String, Object> operation) {
        Object parameters = operation.get("parameters");
        return parameters == null ? List.of()
                : ((List<?>) parameters).stream().map(p -> map(p).get("name")).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> liveSpec() {
        HttpResponse<String> json = get("/v3/api-docs");
        assertThat(json.statusCode()).as(json.body()).isEqualTo(200);
        return JsonMapper.shared().readValue(json.body(), Map.class);
    }

    /** Appends to {@code out} one line per place where {@code committed} and {@code live} differ. */
    static void compare(String path, Object committed, Object live, List<String> out) {
        if (committed instanceof Map<?, ?> a && live instanceof Map<?, ?> b) {
            TreeSet<String> keys = new TreeSet<>();
            a.keySet().forEach(k -> keys.add(String.valueOf(k)));
            b.keySet().forEach(k -> keys.add(String.valueOf(k)));
            for (String key : keys) {
                String child = path + member(key);
                boolean inA = a.containsKey(key);
                boolean inB = b.containsKey(key);
                if (inA && !inB) {
                    out.add(child + ": only in the committed file");
                } else if (!inA && inB) {
                    out.add(child + ": only in the live spec: " + brief(b.get(key)));
                } else {
                    compare(child, a.get(key), b.get(key), out);
                }
            }
        } else if (committed instanceof List<?> a && live instanceof List<?> b) {
            for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                compare(path + "[" + i + "]", a.get(i), b.get(i), out);
            }
            for (int i = b.size(); i < a.size(); i++) {
                out.add(path + "[" + i + "]: only in the committed file: " + brief(a.get(i)));
            }
            for (int i = a.size(); i < b.size(); i++) {
                out.add(path + "[" + i + "]: only in the live spec: " + brief(b.get(i)));
            }
        } else if (!scalarEquals(committed, live)) {
            out.add(path + ": committed " + brief(committed) + ", live " + brief(live));
        }
    }

    private static boolean scalarEquals(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        return a == null ? b == null : a.equals(b);
    }

    private static String member(String key) {
        return IDENTIFIER.matcher(key).matches() ? "." + key : "['" + key + "']";
    }

    private static String brief(Object value) {
        String text = value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
        return text.length() > 120 ? text.substring(0, 117) + "..." : text;
    }

    private static String regenerate() {
        return "./mvnw verify -Dtest=ApiDocumentationTest -Dopenapi.write=true";
    }

    private HttpResponse<String> get(String path) {
        JobApi api = new JobApi(port);
        return api.exchange(HttpRequest.newBuilder(api.uri(path)).GET());
    }
}
