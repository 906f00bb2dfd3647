package dev.estimator.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;

/** Refused uploads: each CSV problem names its line (and column), size and media type limits, leftovers. */
class DatasetUploadErrorsTest extends DatasetHttpTest {

    @Autowired
    UploadLimit limit;

    @AfterEach
    void restoreLimit() {
        limit.reset();
    }

    @Test
    void raggedRowsNameTheirLine() {
        JsonNode shortRow = assertCsvProblem(uploadCsv("a,b\n1,2\n3\n", ""), "csv-ragged-row", 3);
        assertThat(shortRow.get("expectedFields").asInt()).isEqualTo(2);
        assertThat(shortRow.get("actualFields").asInt()).isEqualTo(1);
        assertCsvProblem(uploadCsv("a,b\n1,2,3\n", ""), "csv-ragged-row", 2);
        // Lines are lines of the file: a quoted line break moves the count on.
        assertCsvProblem(uploadCsv("a,b\n\"x\ny\",1\r\n2\n", ""), "csv-ragged-row", 4);
        assertCsvProblem(uploadCsv("1,2\n3\n", "?header=false"), "csv-ragged-row", 2);
    }

    @Test
    void unterminatedQuoteNamesTheLineWhereItsRecordStarts() {
        assertCsvProblem(uploadCsv("a,b\n1,2\n3,\"abc\n4,5\n", ""), "csv-unterminated-quote", 3);
    }

    @Test
    void characterAfterAClosingQuoteIsMalformed() {
        assertCsvProblem(uploadCsv("a,b\n1,\"x\"y\n", ""), "csv-malformed", 2);
    }

    @Test
    void headerNamesMustBePresentAndUnique() {
        JsonNode duplicate = assertCsvProblem(uploadCsv("a,b,a\n1,2,3\n", ""), "csv-duplicate-column-name", 1);
        assertThat(duplicate.get("column").asString()).isEqualTo("a");
        assertThat(duplicate.get("columnIndex").asInt()).isEqualTo(2);

        JsonNode empty = assertCsvProblem(uploadCsv("a,,c\n1,2,3\n", ""), "csv-empty-column-name", 1);
        assertThat(empty.get("column").asString()).isEmpty();
        assertThat(empty.get("columnIndex").asInt()).isEqualTo(1);
    }

    @Test
    void aCsvWithoutDataRowsIsRefused() {
        assertCsvProblem(uploadCsv("a,b\n", ""), "csv-no-rows", 2);
        assertCsvProblem(uploadCsv("a,b\n\n\r\n", ""), "csv-no-rows", 2);
        assertCsvProblem(uploadCsv("", ""), "csv-no-rows", 1);
        assertCsvProblem(uploadCsv("", "?header=false"), "csv-no-rows", 1);
    }

    @Test
    void tooManyLevelsNamesTheColumnAndTheFirstLineOverTheLimit() {
        StringBuilder csv = new StringBuilder("id,label\n");
        for (int i = 0; i < 1001; i++) {
            csv.append(i).append(",L").append(i).append('\n');
        }
        JsonNode problem = assertCsvProblem(uploadCsv(csv.toString(), ""), "csv-too-many-levels", 1002);
        assertThat(problem.get("column").asString()).isEqualTo("label");
        assertThat(problem.get("columnIndex").asInt()).isEqualTo(1);

        // Many distinct numbers are fine until one value makes the column categorical.
        StringBuilder numbers = new StringBuilder("x\n");
        for (int i = 0; i < 1500; i++) {
            numbers.append(i).append('\n');
        }
        assertThat(uploadCsv(numbers.toString(), "").statusCode()).isEqualTo(201);
        numbers.append("oops\n");
        JsonNode late = assertCsvProblem(uploadCsv(numbers.toString(), ""), "csv-too-many-levels", 1002);
        assertThat(late.get("column").asString()).isEqualTo("x");

        JsonNode forced = assertCsvProblem(uploadCsv(csv.toString(), "?categorical=id"), "csv-too-many-levels", 1002);
        assertThat(forced.get("column").asString()).isEqualTo("id");
    }

    @Test
    void invalidUtf8NamesItsLine() {
        byte[] bad = concat("a,b\n1,2\n\"x\ny\",".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xff},
                "\n".getBytes(StandardCharsets.UTF_8));
        assertCsvProblem(uploadBytes(bad, "text/csv", ""), "csv-invalid-utf8", 4);

        byte[] truncated = concat("a\nb\n".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xc3});
        assertCsvProblem(uploadBytes(truncated, "text/csv", ""), "csv-invalid-utf8", 3);

        byte[] latin1 = "name\nJosé\n".getBytes(StandardCharsets.ISO_8859_1);
        assertCsvProblem(uploadMultipart("latin1.csv", latin1, ""), "csv-invalid-utf8", 2);
    }

    @Test
    void unknownCategoricalColumnAndBadParametersAreInvalidRequests() {
        assertInvalidParameter(uploadCsv("a,b\n1,2\n", "?categorical=a,zz"), "categorical");
        assertInvalidParameter(uploadCsv("a,b\n1,2\n", "?delimiter=ab"), "delimiter");
        assertInvalidParameter(uploadCsv("a,b\n1,2\n", "?delimiter=%22"), "delimiter");
        assertInvalidParameter(uploadCsv("a,b\n1,2\n", "?name=%20"), "name");
        assertInvalidParameter(uploadCsv("a,b\n1,2\n", "?name=" + "n".repeat(256)), "name");
        assertInvalidParameter(uploadCsv("a,b\n1,2\n", "?header=maybe"), "header");
    }

    @Test
    void otherContentTypesAre415() {
        for (String type : new String[] {"text/plain", "application/octet-stream"}) {
            HttpResponse<String> response = uploadBytes("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8), type, "");
            assertThat(response.statusCode()).as(type).isEqualTo(415);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        // application/json registers a dataset by reference: a CSV body is not the JSON that takes
        HttpResponse<String> json = uploadBytes("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8), "application/json", "");
        assertThat(json.statusCode()).as(json.body()).isEqualTo(400);
        assertThat(json.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void multipartWithoutTheFilePartIs400() {
        String boundary = "b0undary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--"
                + boundary + "--\r\n";
        HttpResponse<String> response = uploadBytes(body.getBytes(StandardCharsets.UTF_8),
                "multipart/form-data; boundary=" + boundary, "");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        // the problem names the missing part as an invalid field
        assertThat(response.body()).contains("\"errors\":[{\"field\":\"file\"");
    }

    @Test
    void bodiesOverTheLimitAre413WhetherDeclaredOrCounted() {
        limit.override(1000);
        String csv = "a,b\n" + "12345,67890\n".repeat(200);
        long before = countRows();

        // Declared by Content-Length: refused before reading.
        assert413(uploadCsv(csv, ""));
        // Chunked, without a length: refused once the count passes the limit.
        assert413(send(HttpRequest.newBuilder(uri("/api/v1/datasets"))
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8))))
                .build()));
        assert413(uploadMultipart("big.csv", csv.getBytes(StandardCharsets.UTF_8), ""));

        // Exactly at the limit is fine.
        String small = "a\n" + "1\n".repeat(499);
        assertThat(small.length()).isEqualTo(1000);
        assertThat(uploadCsv(small, "").statusCode()).isEqualTo(201);
        assertThat(countRows()).isEqualTo(before + 1);
    }

    @Test
    void refusedUploadsLeaveNoRows() {
        long datasets = countRows();
        long chunks = jdbc.sql("select count(*) from dataset_chunk").query(Long.class).single();
        StringBuilder csv = new StringBuilder("a,b\n");
        for (int i = 0; i < 5000; i++) {
            csv.append(i).append(',').append(i * 2).append('\n');
        }
        csv.append("1,2,3\n");

        assertCsvProblem(uploadCsv(csv.toString(), ""), "csv-ragged-row", 5002);

        assertThat(countRows()).isEqualTo(datasets);
        assertThat(jdbc.sql("select count(*) from dataset_chunk").query(Long.class).single()).isEqualTo(chunks);
    }

    private long countRows() {
        return jdbc.sql("select count(*) from dataset").query(Long.class).single();
    }

    private static void assert413(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response).get("type").asString()).isEqualTo("https://estimator.dev/problems/upload-too-large");
    }

    private static void assertInvalidParameter(HttpResponse<String> response, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode problem = json(response);
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo(field);
    }

    static JsonNode assertCsvProblem(HttpResponse<String> response, String kind, long line) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("type").asString()).isEqualTo("https://estimator.dev/problems/" + kind);
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).isNotBlank();
        assertThat(problem.get("instance").asString()).isEqualTo("/api/v1/datasets");
        assertThat(problem.get("line").asLong()).as(problem.toString()).isEqualTo(line);
        return problem;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
