package dev.estimator.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;

/**
 * The schemas of the committed API document ({@code openapi/openapi.yaml}) as JSON Schema (OpenAPI 3.1's
 * dialect): what a strict client (a generated Python client with pydantic models, say) checks a body against.
 * A Java client generated with Jackson is lenient (it reads {@code null} into any field), so the tests check
 * every body the service sends here too.
 */
final class DocumentSchemas {

    /** Where the document is registered (never fetched: the registry is handed its text). */
    private static final String DOCUMENT = "https://estimator.dev/openapi/openapi.yaml";

    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    DocumentSchemas(Path document) {
        String text;
        try {
            text = Files.readString(document, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry = SchemaRegistry.withDialect(Dialects.getOpenApi31(), builder -> builder.schemas(Map.of(DOCUMENT, text)));
    }

    /** The violations of schema {@code name} ({@code #/components/schemas/<name>}) by the JSON {@code body}. */
    List<String> violations(String name, String body) {
        Schema schema = schemas.computeIfAbsent(name,
                n -> registry.getSchema(SchemaLocation.of(DOCUMENT + "#/components/schemas/" + n)));
        List<Error> errors = schema.validate(body, InputFormat.JSON);
        return errors.stream().map(Error::toString).toList();
    }

    /** Throws when {@code body} does not fit schema {@code name}, naming every violation and the body. */
    void check(String name, String body) {
        List<String> violations = violations(name, body);
        if (!violations.isEmpty()) {
            throw new SchemaViolation(name, violations, body);
        }
    }

    /** A body the service sent that its own API document does not describe. */
    static final class SchemaViolation extends RuntimeException {

        private static final long serialVersionUID = 1L;

        SchemaViolation(String name, List<String> violations, String body) {
            super("the service sent a body that does not fit schema " + name + " of openapi/openapi.yaml: "
                    + violations + "\nbody: " + (body.length() > 4000 ? body.substring(0, 4000) + "…" : body));
        }
    }
}
