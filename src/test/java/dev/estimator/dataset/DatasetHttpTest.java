package dev.estimator.dataset;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.estimator.TestKeys;
import dev.estimator.job.JobApi;
import dev.estimator.security.Caller;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of the dataset API tests: the whole application on a random port against the test PostgreSQL,
 * driven over real HTTP as a client would. Every subclass has this exact configuration, so they share one
 * cached application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class DatasetHttpTest {

    static final JsonMapper JSON = JsonMapper.shared();
    /** The suite's administrator, for calls of the services themselves. */
    static final Caller ADMIN = new Caller(TestKeys.ADMIN_OWNER, true);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;


    URI uri(String pathAndQuery) {
        return URI.create("http://localhost:" + port + pathAndQuery);
    }

    /** POSTs {@code csv} as a raw {@code text/csv} body; {@code query} is appended as is ("" for none). */
    HttpResponse<String> uploadCsv(String csv, String query) {
        return uploadBytes(csv.getBytes(StandardCharsets.UTF_8), "text/csv", query);
    }

    HttpResponse<String> uploadBytes(byte[] body, String contentType, String query) {
        return send(HttpRequest.newBuilder(uri("/api/v1/datasets" + query))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    }

    /** POSTs {@code csv} as the {@code file} part of a multipart form. */
    HttpResponse<String> uploadMultipart(String fileName, byte[] csv, String query) {
        String boundary = "----estimator-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + csv.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(csv, 0, body, head.length, csv.length);
        System.arraycopy(tail, 0, body, head.length + csv.length, tail.length);
        return uploadBytes(body, "multipart/form-data; boundary=" + boundary, query);
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE().build());
    }

    /** Sends the request as the suite's administrator, through the tests' one client. */
    HttpResponse<String> send(HttpRequest request) {
        return new JobApi(port).exchange(HttpRequest.newBuilder(request, (name, value) -> true));
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /** Uploads {@code csv} and returns the created dataset's JSON, failing unless the answer is 201. */
    JsonNode created(String csv, String query) {
        HttpResponse<String> response = uploadCsv(csv, query);
        if (response.statusCode() != 201) {
            throw new AssertionError("expected 201, got " + response.statusCode() + ": " + response.body());
        }
        return json(response);
    }

    static UUID id(JsonNode dataset) {
        return UUID.fromString(dataset.get("id").asString());
    }

    long datasetRows(UUID id) {
        return jdbc.sql("select count(*) from dataset where id = ?").param(id).query(Long.class).single();
    }
}
