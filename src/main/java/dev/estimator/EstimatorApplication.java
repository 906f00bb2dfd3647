package dev.estimator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class EstimatorApplication {

    public static void main(String[] args) {
        SpringApplication.run(EstimatorApplication.class, args);
    }
}
