package dev.estimator.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.estimator.job.JobApi;

/**
 * {@code none} mode, set explicitly: no credentials needed, every caller is the administrator 'anonymous', and
 * the start says so loudly. Its own application context, started while its output is captured.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "estimator.security.mode=none")
@ExtendWith(OutputCaptureExtension.class)
class NoneModeTests {

    @LocalServerPort
    int port;

    @Test
    void everyoneIsTheAnonymousAdministratorAndTheStartWarns(CapturedOutput output) {
        JobApi anonymous = new JobApi(port, null);
        UUID dataset = anonymous.upload("open.csv", SecurityTests.CSV);
        assertThat(anonymous.get("/api/v1/datasets/" + dataset).status()).isEqualTo(200);
        assertThat(anonymous.get("/api/v1/keys").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/metrics").status()).isEqualTo(200);
        assertThat(anonymous.delete("/api/v1/datasets/" + dataset).status()).isEqualTo(204);
        assertThat(output.getAll()).contains("estimator.security.mode=none: NO AUTHENTICATION");
    }
}
