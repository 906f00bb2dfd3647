package dev.estimator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.estimator.job.JobApi;

/**
 * Every metric the Grafana dashboard queries is one the service exposes on {@code /actuator/prometheus}, with
 * the labels the query matches or groups by: after one upload and one finished job, so that every meter has
 * been created. Names are compared exactly as the scrape spells its samples, so a {@code _bucket} series exists
 * only when the histogram is enabled, and a typo fails.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardMetricsTest {

    /** Labels that Prometheus adds to a scraped series itself. */
    static final Set<String> TARGET_LABELS = Set.of("job", "instance", "namespace", "pod", "service", "container");
    static final Pattern SAMPLE = Pattern.compile("^([A-Za-z_:][A-Za-z0-9_:]*)(\\{(.*)})?\\s");
    static final Pattern SAMPLE_LABEL = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=\"");

    @LocalServerPort
    int port;

    @Test
    void everyDashboardQueryReadsMetricsAndLabelsTheServiceExposes() throws IOException {
        JobApi api = new JobApi(port);
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 0; i < 50; i++) {
            csv.append(String.format(Locale.ROOT, "%d,%.3f%n", i, 2.0 + 0.5 * i + (i % 3) * 0.1));
        }
        UUID dataset = api.upload("dashboard", csv.toString());
        UUID job = api.accepted("{\"datasetId\": \"" + dataset + "\", \"target\": \"y\"}");
        assertThat(api.awaitFinished(job, Duration.ofSeconds(60)).path("status").asString()).isEqualTo("SUCCEEDED");

        JobApi.Response scrape = api.get("/actuator/prometheus");
        assertThat(scrape.status()).isEqualTo(200);
        Map<String, Set<String>> exposed = samples(scrape.body());

        List<Dashboard.Query> queries = Dashboard.queries();
        assertThat(queries).hasSizeGreaterThan(10);
        List<String> problems = new ArrayList<>();
        for (Dashboard.Query query : queries) {
            Dashboard.Names names = Dashboard.names(query.promQl());
            if (names.metrics().isEmpty()) {
                problems.add(query.where() + " reads no metric: " + query.promQl());
            }
            Set<String> labels = new HashSet<>();
            for (String metric : names.metrics()) {
                if (!exposed.containsKey(metric)) {
                    problems.add(query.where() + ": no metric " + metric);
                } else {
                    labels.addAll(exposed.get(metric));
                }
            }
            for (String label : names.labels()) {
                if (!TARGET_LABELS.contains(label) && !labels.contains(label)) {
                    problems.add(query.where() + ": no label " + label + " on " + names.metrics());
                }
            }
        }
        assertThat(problems).as("dashboard queries against the service's metrics").isEmpty();
    }

    @Test
    void readsNamesOutOfPromQl() {
        Dashboard.Names quantile = Dashboard.names("histogram_quantile(0.95, sum by (le, uri) (rate("
                + "http_server_requests_seconds_bucket{job=~\"$job\", uri!~\"/actuator.*\"}[$__rate_interval])))");
        assertThat(quantile.metrics()).containsExactly("http_server_requests_seconds_bucket");
        assertThat(quantile.labels()).containsExactlyInAnyOrder("job", "uri", "le");

        Dashboard.Names ratio = Dashboard.names("sum(rate(a_sum{job=~\"x\"}[5m])) / sum(rate(a_count[5m])) > bool 0");
        assertThat(ratio.metrics()).containsExactly("a_sum", "a_count");
        assertThat(Dashboard.names("label_values(estimator_jobs_submitted_total, job)").metrics())
                .containsExactly("estimator_jobs_submitted_total");

        Map<String, Set<String>> exposed = samples("""
                # TYPE estimator_jobs_running gauge
                estimator_jobs_running 0.0
                estimator_jobs_finished_total{status="SUCCEEDED"} 1.0
                """);
        assertThat(exposed).containsOnlyKeys("estimator_jobs_running", "estimator_jobs_finished_total");
        assertThat(exposed.get("estimator_jobs_finished_total")).containsExactly("status");
        assertThat(exposed).doesNotContainKey(Dashboard.names("estimator_jobs_runing").metrics().iterator().next());
    }

    /** Sample names of a Prometheus text exposition and the label names each carries. */
    static Map<String, Set<String>> samples(String exposition) {
        Map<String, Set<String>> samples = new HashMap<>();
        for (String line : exposition.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (line.startsWith("#") || !m.find()) {
                continue;
            }
            Set<String> labels = samples.computeIfAbsent(m.group(1), k -> new HashSet<>());
            if (m.group(3) != null) {
                Matcher label = SAMPLE_LABEL.matcher(m.group(3));
                while (label.find()) {
                    labels.add(label.group(1));
                }
            }
        }
        return samples;
    }
}
