package dev.estimator.contract;

import java.lang.reflect.Type;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.client.ApiClient;

/**
 * The generated client's object mapper, made strict: every response body it reads as a model of the document
 * is first checked against that model's schema ({@link DocumentSchemas}), and a property the document does not
 * declare fails the read. The generated API classes read every response through
 * {@code readValue(String, TypeReference)}.
 */
final class CheckedMapper extends ObjectMapper {

    private static final long serialVersionUID = 1L;
    private static final String MODELS = "dev.estimator.client.model";

    private final transient DocumentSchemas schemas;

    CheckedMapper(DocumentSchemas schemas) {
        this(ApiClient.createDefaultObjectMapper(), schemas);
        configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    }

    private CheckedMapper(ObjectMapper source, DocumentSchemas schemas) {
        super(source);
        this.schemas = schemas;
    }

    @Override
    public ObjectMapper copy() {
        return new CheckedMapper(this, schemas);
    }

    @Override
    public <T> T readValue(String content, TypeReference<T> valueTypeRef)
            throws JsonProcessingException, JsonMappingException {
        Type type = valueTypeRef.getType();
        if (type instanceof Class<?> model && MODELS.equals(model.getPackageName())) {
            schemas.check(model.getSimpleName(), content);
        }
        return super.readValue(content, valueTypeRef);
    }
}
