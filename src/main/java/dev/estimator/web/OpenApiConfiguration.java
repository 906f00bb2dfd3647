package dev.estimator.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.servers.Server;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The title and description of the live OpenAPI document, which {@code openapi/openapi.yaml} mirrors. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI estimatorOpenApi() {
        return new OpenAPI().info(new Info()
                .title("Estimator API")
                .version("v1")
                .description("Parameter estimation as a service: upload datasets, submit training jobs "
                        + "(linear, logistic, Poisson or Huber regression fitted by partitioned parallel "
                        + "gradient descent), poll them and read their loss history, result and predictions. "
                        + "Errors are RFC 9457 problem details.")
                .license(new License().name("Apache-2.0")))
                // A relative server keeps the document the same whatever host and port serve it.
                .servers(List.of(new Server().url("/").description("this service")));
    }
}
