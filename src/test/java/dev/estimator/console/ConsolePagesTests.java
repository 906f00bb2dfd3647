package dev.estimator.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.estimator.job.JobApi;

/** The console's files over HTTP, without a browser: open, in the jar, and under a strict policy. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsolePagesTests {

    @LocalServerPort
    int port;

    JobApi anonymous;

    @BeforeEach
    void client() {
        anonymous = new JobApi(port, null);
    }

    @Test
    void theConsoleIsServedAtTheRootWithAPolicyThatAllowsNoInlineScript() {
        JobApi.Response page = anonymous.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("<script type=\"module\" src=\"/console/app.js\"></script>")
                .doesNotContain("https://").doesNotContain("http://");
        String policy = page.header("Content-Security-Policy");
        assertThat(policy).contains("script-src 'self'").contains("object-src 'none'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(anonymous.get("/console/app.js").header("Content-Security-Policy")).isEqualTo(policy);
    }

    @Test
    void scriptsAndTheChartLibraryComeFromTheJarWithoutCredentials() {
        for (String path : new String[] {"/console/app.js", "/console/charts.js", "/console/views/job.js",
                "/console/console.css", "/webjars/uplot/dist/uPlot.esm.js", "/webjars/uplot/dist/uPlot.min.css"}) {
            JobApi.Response r = anonymous.get(path);
            assertThat(r.status()).as(path).isEqualTo(200);
            assertThat(r.body()).as(path).isNotBlank();
        }
        assertThat(anonymous.get("/webjars/uplot/dist/uPlot.esm.js").header("Content-Type"))
                .contains("javascript");
    }

    @Test
    void theApiStillNeedsACredentialAndSwaggerUiKeepsItsOwnPage() {
        assertThat(anonymous.get("/api/v1/datasets").status()).isEqualTo(401);
        JobApi.Response swagger = anonymous.get("/swagger-ui/index.html");
        assertThat(swagger.status()).isEqualTo(200);
        assertThat(swagger.header("Content-Security-Policy")).isNull();
    }
}
