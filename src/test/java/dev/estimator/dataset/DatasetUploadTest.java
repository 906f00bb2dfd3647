package dev.estimator.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;

import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** Accepted uploads: both body forms, CSV dialect details, type inference and column statistics. */
class DatasetUploadTest extends DatasetHttpTest {

    @Test
    void rawUploadInfersTypesAndStatistics() throws Exception {
        Random random = new Random(47);
        DescriptiveStatistics price = new DescriptiveStatistics();
        DescriptiveStatistics rooms = new DescriptiveStatistics();
        StringBuilder csv = new StringBuilder("price,rooms,ocean,flag\n");
        String[] oceans = {"NEAR BAY", "INLAND", "NEAR OCEAN"};
        int oceanMissing = 0;
        for (int i = 0; i < 83; i++) {
            double p = 10_000 + random.nextDouble() * 490_000;
            int r = 1 + random.nextInt(9);
            price.addValue(p);
            rooms.addValue(r);
            String ocean = i % 10 == 3 ? "" : oceans[random.nextInt(oceans.length)];
            oceanMissing += ocean.isEmpty() ? 1 : 0;
            csv.append(p).append(',').append(r).append(',').append(ocean).append(',').append(i % 2).append('\n');
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = uploadBytes(bytes, "text/csv", "");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
        JsonNode dataset = json(response);
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/datasets/" + id(dataset));
        assertThat(dataset.get("name").asString()).isEqualTo("dataset");
        assertThat(dataset.get("rows").asLong()).isEqualTo(83);
        assertThat(dataset.get("sizeBytes").asLong()).isEqualTo(bytes.length);
        assertThat(dataset.get("sha256").asString()).isEqualTo(sha256(bytes));
        assertThat(Instant.parse(dataset.get("createdAt").asString())).isBefore(Instant.now().plusSeconds(1));

        JsonNode columns = dataset.get("columns");
        assertThat(columns.size()).isEqualTo(4);
        assertNumeric(columns.get(0), 0, "price", 0, price);
        assertNumeric(columns.get(1), 1, "rooms", 0, rooms);
        JsonNode ocean = columns.get(2);
        assertThat(ocean.get("index").asInt()).isEqualTo(2);
        assertThat(ocean.get("type").asString()).isEqualTo("categorical");
        assertThat(ocean.get("missing").asLong()).isEqualTo(oceanMissing);
        assertThat(UploadTestStrings.of(ocean.get("levels"))).containsExactly("INLAND", "NEAR BAY", "NEAR OCEAN");
        assertThat(ocean.has("min")).isFalse();
        assertThat(columns.get(3).get("type").asString()).isEqualTo("numeric");
        assertThat(columns.get(3).get("mean").asDouble()).isCloseTo(41.0 / 83, within(1e-12));

        assertThat(get("/api/v1/datasets/" + id(dataset)).body()).isEqualTo(response.body());
    }

    @Test
    void multipartUploadIsNamedAfterTheFile() throws Exception {
        byte[] csv = "x,y\n1,a\n2,b\n".getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = uploadMultipart("houses.csv", csv, "");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode dataset = json(response);
        assertThat(dataset.get("name").asString()).isEqualTo("houses.csv");
        assertThat(dataset.get("rows").asLong()).isEqualTo(2);
        assertThat(dataset.get("sizeBytes").asLong()).isEqualTo(csv.length);
        assertThat(dataset.get("sha256").asString()).isEqualTo(sha256(csv));
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/datasets/" + id(dataset));

        JsonNode named = json(uploadMultipart("houses.csv", csv, "?name=renamed"));
        assertThat(named.get("name").asString()).isEqualTo("renamed");
    }

    @Test
    void readsQuotesDoubledQuotesEmbeddedNewlinesCrlfAndBom() {
        String csv = "\uFEFF\"id\",text,value\r\n"
                + "1,\"a, b\",1.5\r\n"
                + "2,\"line1\nline2\",2.5\r\n"
                + "3,\"say \"\"hi\"\"\",NA\r\n"
                + "4,plain,\"4\"\r\n";

        JsonNode dataset = created(csv, "?name=quoted");

        JsonNode columns = dataset.get("columns");
        assertThat(columns.get(0).get("name").asString()).isEqualTo("id");
        assertThat(columns.get(2).get("type").asString()).isEqualTo("numeric");
        assertThat(columns.get(2).get("missing").asLong()).isEqualTo(1);
        JsonNode rows = json(get("/api/v1/datasets/" + id(dataset) + "/rows")).get("rows");
        assertThat(rows.size()).isEqualTo(4);
        assertThat(rows.get(0).get(1).asString()).isEqualTo("a, b");
        assertThat(rows.get(1).get(1).asString()).isEqualTo("line1\nline2");
        assertThat(rows.get(2).get(1).asString()).isEqualTo("say \"hi\"");
        assertThat(rows.get(2).get(2).isNull()).isTrue();
        assertThat(rows.get(3).get(2).asDouble()).isEqualTo(4.0);
    }

    @Test
    void emptyNaNanAndNullAreMissingInAnyCase() {
        String csv = "num,cat\n1,a\n,b\nNA,\nna,NaN\nNAN,null\nNull,a\n3,NULL\n";

        JsonNode dataset = created(csv, "");

        JsonNode num = dataset.get("columns").get(0);
        assertThat(num.get("type").asString()).isEqualTo("numeric");
        assertThat(num.get("missing").asLong()).isEqualTo(5);
        assertThat(num.get("mean").asDouble()).isEqualTo(2.0);
        assertThat(num.get("min").asDouble()).isEqualTo(1.0);
        assertThat(num.get("max").asDouble()).isEqualTo(3.0);
        JsonNode cat = dataset.get("columns").get(1);
        assertThat(cat.get("type").asString()).isEqualTo("categorical");
        assertThat(cat.get("missing").asLong()).isEqualTo(4);
        assertThat(UploadTestStrings.of(cat.get("levels"))).containsExactly("a", "b");
        JsonNode rows = json(get("/api/v1/datasets/" + id(dataset) + "/rows")).get("rows");
        assertThat(rows.get(1).get(0).isNull()).isTrue();
        assertThat(rows.get(2).get(1).isNull()).isTrue();
        assertThat(rows.get(6).get(0).asDouble()).isEqualTo(3.0);
    }

    @Test
    void numericStatisticsOfAColumnWithOneValue() {
        JsonNode column = created("v\n2.5\nNA\n", "").get("columns").get(0);

        assertThat(column.get("min").asDouble()).isEqualTo(2.5);
        assertThat(column.get("mean").asDouble()).isEqualTo(2.5);
        assertThat(column.get("std").isNull()).isTrue();
    }

    @Test
    void onlyFiniteJavaNumbersWithoutSuffixesAreNumeric() {
        String csv = "a,b,c,d,e\n1,1,1,1,-2.5e3\n1d,Infinity,1e400,+2,.5\n";

        JsonNode columns = created(csv, "").get("columns");

        assertThat(columns.get(0).get("type").asString()).isEqualTo("categorical");
        assertThat(columns.get(1).get("type").asString()).isEqualTo("categorical");
        assertThat(columns.get(2).get("type").asString()).isEqualTo("categorical");
        assertThat(columns.get(3).get("type").asString()).isEqualTo("numeric");
        assertThat(columns.get(3).get("max").asDouble()).isEqualTo(2.0);
        assertThat(columns.get(4).get("type").asString()).isEqualTo("numeric");
        assertThat(columns.get(4).get("min").asDouble()).isEqualTo(-2500.0);
    }

    @Test
    void categoricalParameterTypesNumericLookingColumnsByTheirText() {
        String csv = "zip,amount,code\n9000,1,7\n10001,2,7\n9000,3,07\n";

        JsonNode dataset = created(csv, "?categorical=zip,%20code");

        JsonNode columns = dataset.get("columns");
        assertThat(columns.get(0).get("type").asString()).isEqualTo("categorical");
        assertThat(UploadTestStrings.of(columns.get(0).get("levels"))).containsExactly("10001", "9000");
        assertThat(columns.get(1).get("type").asString()).isEqualTo("numeric");
        assertThat(UploadTestStrings.of(columns.get(2).get("levels"))).containsExactly("07", "7");
        JsonNode rows = json(get("/api/v1/datasets/" + id(dataset) + "/rows")).get("rows");
        assertThat(rows.get(1).get(0).asString()).isEqualTo("10001");
        assertThat(rows.get(2).get(2).asString()).isEqualTo("07");
    }

    @Test
    void withoutHeaderColumnsAreNumberedAndTheFirstLineIsData() {
        JsonNode dataset = created("1,x,2\n3,y,4\n", "?header=false&categorical=c2");

        assertThat(dataset.get("rows").asLong()).isEqualTo(2);
        JsonNode columns = dataset.get("columns");
        assertThat(columns.get(0).get("name").asString()).isEqualTo("c0");
        assertThat(columns.get(0).get("min").asDouble()).isEqualTo(1.0);
        assertThat(columns.get(1).get("name").asString()).isEqualTo("c1");
        assertThat(columns.get(2).get("name").asString()).isEqualTo("c2");
        assertThat(UploadTestStrings.of(columns.get(2).get("levels"))).containsExactly("2", "4");
    }

    @Test
    void otherDelimiters() {
        JsonNode semicolon = created("a;b\n\"1;5\";2,5\n3;4\n", "?delimiter=%3B");
        assertThat(semicolon.get("columns").get(0).get("type").asString()).isEqualTo("categorical");
        assertThat(UploadTestStrings.of(semicolon.get("columns").get(0).get("levels"))).containsExactly("1;5", "3");
        assertThat(UploadTestStrings.of(semicolon.get("columns").get(1).get("levels"))).containsExactly("2,5", "4");

        JsonNode tab = created("a\tb\n1\t2\n3\t4\n", "?delimiter=%09");
        assertThat(tab.get("columns").get(1).get("name").asString()).isEqualTo("b");
        assertThat(tab.get("columns").get(1).get("max").asDouble()).isEqualTo(4.0);
    }

    @Test
    void emptyLinesAndAMissingFinalNewlineAreFine() {
        JsonNode dataset = created("a,b\n\n1,2\r\n\r\n3,4", "");

        assertThat(dataset.get("rows").asLong()).isEqualTo(2);
        assertThat(dataset.get("columns").get(1).get("max").asDouble()).isEqualTo(4.0);
    }

    private static void assertNumeric(JsonNode column, int index, String name, long missing,
            DescriptiveStatistics expected) {
        assertThat(column.get("index").asInt()).isEqualTo(index);
        assertThat(column.get("name").asString()).isEqualTo(name);
        assertThat(column.get("type").asString()).isEqualTo("numeric");
        assertThat(column.get("missing").asLong()).isEqualTo(missing);
        assertThat(column.get("min").asDouble()).isEqualTo(expected.getMin());
        assertThat(column.get("max").asDouble()).isEqualTo(expected.getMax());
        assertThat(column.get("mean").asDouble()).isCloseTo(expected.getMean(),
                within(1e-12 * Math.abs(expected.getMean())));
        assertThat(column.get("std").asDouble()).isCloseTo(expected.getStandardDeviation(),
                within(1e-10 * expected.getStandardDeviation()));
        assertThat(column.has("levels")).isFalse();
    }


    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
