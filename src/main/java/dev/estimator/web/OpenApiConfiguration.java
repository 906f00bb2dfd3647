package dev.estimator.web;

import dev.estimator.domain.PageSize;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

/** The title and description of the live OpenAPI document, which {@code openapi/openapi.yaml} mirrors. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String PROBLEM_MEDIA_TYPE = "application/problem+json";
    static final String BEARER = "bearer";

    private static final String PROBLEM_SCHEMA = "Problem";

    @Bean
    OpenAPI estimatorOpenApi() {
        return new OpenAPI().info(new Info()
                .title("Estimator API")
                .version("v1")
                .description("Parameter estimation as a service: upload datasets, submit training jobs "
                        + "(linear, logistic, Poisson or Huber regression fitted by partitioned parallel "
                        + "gradient descent), poll them and read their loss history, result and predictions. "
                        + "Errors are RFC 9457 problem details. Every operation needs `Authorization: Bearer "
                        + "<credential>` (an API key, or a JWT in jwt mode); each owner sees only its own datasets "
                        + "and jobs. This document and Swagger UI are served without credentials.")
                // OpenAPI 3.1 wants an SPDX identifier (or a url) beside the name; generators refuse it otherwise.
                .license(new License().name("Apache 2.0").identifier("Apache-2.0")))
                // A relative server keeps the document the same whatever host and port serve it.
                .servers(List.of(new Server().url("/").description("this service")))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("An API key (est_…) in api-key mode, a JWT in jwt mode")));
    }

    /**
     * Every operation declares the bearer scheme (Swagger UI's Authorize button), its 401, and the 503 that
     * {@link DatabaseOutages} answers while the database cannot be reached.
     */
    @Bean
    OpenApiCustomizer bearerOnEveryOperation() {
        return openApi -> {
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
                operation.setSecurity(List.of(new SecurityRequirement().addList(BEARER)));
                if (operation.getResponses() == null) {
                    operation.setResponses(new ApiResponses());
                }
                if (!operation.getResponses().containsKey("401")) {
                    operation.getResponses().addApiResponse("401", problem(HttpStatus.UNAUTHORIZED.value())
                            .description("No credential, or one that is unknown, revoked or expired")
                            .addHeaderObject("WWW-Authenticate", new Header().description("Bearer")
                                    .schema(new StringSchema())));
                }
                if (!operation.getResponses().containsKey("503")) {
                    operation.getResponses().addApiResponse("503", problem(HttpStatus.SERVICE_UNAVAILABLE.value())
                            .description("The database cannot be reached for now; retry after Retry-After seconds"));
                }
            }));
        };
    }

    /** Registers the {@link Problem} schema (and what it refers to) once, for every error response. */
    @Bean
    OpenApiCustomizer problemSchema() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            Map<String, Schema> schemas = ModelConverters.getInstance()
                    .readAll(new AnnotatedType(Problem.class).resolveAsRef(false));
            schemas.forEach(openApi.getComponents()::addSchemas);
            // Last, so that it sees every schema, the Problem's included.
            openApi.getComponents().getSchemas().values().forEach(OpenApiConfiguration::nullableUnlessRequired);
        };
    }

    /**
     * The service writes every property of its bodies, {@code null} when it has no value ("finishedAt": null,
     * "error": null): each property a schema does not list as required may be null, so a strict client (one
     * that checks types, like a generated pydantic model) reads what the service sends.
     */
    private static void nullableUnlessRequired(Schema<?> schema) {
        if (schema.getProperties() == null) {
            return;
        }
        List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
        schema.getProperties().replaceAll((name, property) -> required.contains(name) ? property : nullable(property));
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema nullable(Schema property) {
        if (property.get$ref() != null) {
            // A reference cannot carry a type of its own: "one of the referenced schema or null".
            Schema either = new Schema<>();
            either.setAnyOf(List.of(new Schema<>().$ref(property.get$ref()), new Schema<>().types(Set.of("null"))));
            either.setDescription(property.getDescription());
            return either;
        }
        Set<String> types = new LinkedHashSet<>();
        if (property.getTypes() != null) {
            types.addAll(property.getTypes());
        } else if (property.getType() != null) {
            types.add(property.getType());
        }
        if (types.isEmpty() || types.contains("null")) {
            return property;
        }
        types.add("null");
        property.setTypes(types);
        if (property.getEnum() != null && !property.getEnum().contains(null)) {
            List<Object> values = new ArrayList<>(property.getEnum());
            values.add(null);
            property.setEnum(values);
        }
        return property;
    }

    /**
     * swagger-core writes the {@code defaultValue} of a {@code Double} property as a string ("0.1"); a client
     * generator then sees a string default on a number. Parse them back into numbers.
     */
    @Bean
    OpenApiCustomizer numericDefaults() {
        return openApi -> {
            if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
                return;
            }
            for (Schema<?> schema : openApi.getComponents().getSchemas().values()) {
                if (schema.getProperties() == null) {
                    continue;
                }
                for (Schema property : schema.getProperties().values()) {
                    if (property.getDefault() instanceof String text && isNumber(property)) {
                        property.setDefault(new BigDecimal(text));
                    }
                }
            }
        };
    }

    /** Adds a problem+json response for each status an endpoint lists in {@link ProblemResponses}. */
    @Bean
    OperationCustomizer problemResponses() {
        return (operation, handlerMethod) -> {
            identifiersAreUuids(operation);
            ProblemResponses declared = handlerMethod.getMethodAnnotation(ProblemResponses.class);
            if (declared == null) {
                return operation;
            }
            if (operation.getResponses() == null) {
                operation.setResponses(new ApiResponses());
            }
            for (int status : declared.value()) {
                String code = Integer.toString(status);
                if (!operation.getResponses().containsKey(code)) {
                    operation.getResponses().addApiResponse(code, problem(status));
                }
            }
            return operation;
        };
    }

    private static ApiResponse problem(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        Schema<?> ref = new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA);
        ApiResponse response = new ApiResponse()
                .description(known != null ? known.getReasonPhrase() : "Error")
                .content(new Content().addMediaType(PROBLEM_MEDIA_TYPE, new MediaType().schema(ref)));
        if (status == HttpStatus.TOO_MANY_REQUESTS.value() || status == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            response.addHeaderObject("Retry-After", new Header()
                    .description("Seconds to wait before trying again")
                    .schema(new IntegerSchema()));
        }
        return response;
    }

    private static boolean isString(Schema<?> schema) {
        return hasType(schema, "string");
    }

    private static boolean isNumber(Schema<?> schema) {
        return hasType(schema, "number");
    }

    private static boolean hasType(Schema<?> schema, String type) {
        // OpenAPI 3.1 schemas carry a set of types, 3.0 ones a single type
        return schema != null && (type.equals(schema.getType())
                || schema.getTypes() != null && schema.getTypes().contains(type));
    }

    /** Every resource id of the API (a path {@code id}, a {@code datasetId} filter, ...) is a UUID. */
    private static void identifiersAreUuids(Operation operation) {
        if (operation.getParameters() == null) {
            return;
        }
        for (Parameter parameter : operation.getParameters()) {
            if ("size".equals(parameter.getName()) && "query".equals(parameter.getIn())) {
                // A new schema, not the one swagger-core may share between parameters.
                IntegerSchema size = new IntegerSchema();
                size.setDefault(parameter.getSchema().getDefault());
                size.setMinimum(BigDecimal.ONE);
                parameter.setSchema(size);
                parameter.setDescription(PageSize.DESCRIPTION);
            }
            String name = parameter.getName();
            boolean identifier = "id".equals(name) || name != null && name.endsWith("Id");
            if (identifier && isString(parameter.getSchema())) {
                // A new schema: swagger-core may hand the same string schema instance to every String
                // parameter, and setting the format on it made `name` and `categorical` UUIDs too.
                Schema<String> uuid = new StringSchema().format("uuid");
                uuid.setDescription(parameter.getSchema().getDescription());
                parameter.setSchema(uuid);
            }
        }
    }
}
