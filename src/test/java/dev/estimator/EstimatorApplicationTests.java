package dev.estimator;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest
class EstimatorApplicationTests {

    @Test
    void contextLoads() {
    }
}
