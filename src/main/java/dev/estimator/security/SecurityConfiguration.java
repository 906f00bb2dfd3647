package dev.estimator.security;

import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.resource.OAuth2ResourceServerConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.web.servlet.HandlerExceptionResolver;

import jakarta.servlet.DispatcherType;

/**
 * Who may call what. Open: health (with its liveness and readiness groups, for probes), the OpenAPI document
 * and Swagger UI, the browser console's static files ({@link ConsolePages}), and Prometheus when actuator has a
 * port of its own ({@code management.server.port}, which the API's Service and Ingress do not expose). Administrators: key management and the rest of actuator
 * (Prometheus included when it shares the API's port). Everything else: any valid credential.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SecurityProperties.class, QuotaProperties.class})
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, SecurityProperties properties, ApiKeyIntrospector keys,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver, Environment environment)
            throws Exception {
        SecurityProblems problems = new SecurityProblems(resolver);
        boolean separateManagementPort = separateManagementPort(environment);
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .headers(h -> h.addHeaderWriter(ConsolePages.contentSecurityPolicy()));
        if (properties.mode() == SecurityMode.NONE) {
            log.warn("!!! estimator.security.mode=none: NO AUTHENTICATION. Anyone who reaches this service can read, "
                    + "change and delete every dataset and job, and manage keys. Use it only on a trusted machine. !!!");
            // every request is the one administrator 'anonymous'
            http.anonymous(a -> a.principal("anonymous").authorities(Role.ADMIN.authority(), Role.USER.authority()))
                    .authorizeHttpRequests(a -> a.anyRequest().permitAll());
            return http.build();
        }
        http.authorizeHttpRequests(a -> {
            // the request was authorised when it was first dispatched
            a.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll();
            a.requestMatchers(EndpointRequest.to("health")).permitAll();
            a.requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html",
                    "/swagger-ui/**").permitAll();
            a.requestMatchers(ConsolePages.matcher()).permitAll();
            if (separateManagementPort) {
                a.requestMatchers(EndpointRequest.to("prometheus")).permitAll();
            }
            a.requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole(Role.ADMIN.name());
            a.requestMatchers(ApiKeyController.BASE, ApiKeyController.BASE + "/**").hasRole(Role.ADMIN.name());
            a.anyRequest().authenticated();
        });
        if (properties.mode() == SecurityMode.JWT) {
            if (environment.getProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri") == null
                    && environment.getProperty("spring.security.oauth2.resourceserver.jwt.jwk-set-uri") == null) {
                throw new IllegalStateException("estimator.security.mode=jwt needs "
                        + "spring.security.oauth2.resourceserver.jwt.issuer-uri or .jwk-set-uri");
            }
            http.oauth2ResourceServer(o -> o.authenticationEntryPoint(problems).accessDeniedHandler(problems)
                    .protectedResourceMetadata(SecurityConfiguration::plainBearer)
                    .jwt(j -> j.jwtAuthenticationConverter(new JwtCallers(properties.jwt())))
                    .withObjectPostProcessor(failuresTo(problems)));
        } else {
            http.oauth2ResourceServer(o -> o.authenticationEntryPoint(problems).accessDeniedHandler(problems)
                    .protectedResourceMetadata(SecurityConfiguration::plainBearer)
                    .opaqueToken(t -> t.introspector(keys))
                    .withObjectPostProcessor(failuresTo(problems)));
        }
        return http.build();
    }

    /**
     * The bearer filter rethrows an {@link org.springframework.security.authentication.AuthenticationServiceException}
     * (the credential could not be checked, e.g. the JWK set did not load), which the container would answer with a
     * 500; handed to the entry point instead, it becomes a 503 problem.
     */
    private static ObjectPostProcessor<BearerTokenAuthenticationFilter> failuresTo(SecurityProblems problems) {
        return new ObjectPostProcessor<>() {
            @Override
            public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
                AuthenticationEntryPointFailureHandler failures = new AuthenticationEntryPointFailureHandler(problems);
                failures.setRethrowAuthenticationServiceException(false);
                filter.setAuthenticationFailureHandler(failures);
                return filter;
            }
        };
    }

    /**
     * The RFC 9728 document at {@code /.well-known/oauth-protected-resource} (which the 401's
     * {@code WWW-Authenticate} names): bearer credentials in the header, not bound to a TLS client certificate.
     */
    private static void plainBearer(
            OAuth2ResourceServerConfigurer.ProtectedResourceMetadataConfigurer metadata) {
        metadata.protectedResourceMetadataCustomizer(m -> m.tlsClientCertificateBoundAccessTokens(false));
    }

    /** Actuator on a port of its own: {@code management.server.port} set, and not to the API's port. */
    static boolean separateManagementPort(Environment environment) {
        Integer management = environment.getProperty("management.server.port", Integer.class);
        Integer server = environment.getProperty("server.port", Integer.class, 8080);
        return management != null && management >= 0 && (management == 0 || !Objects.equals(management, server));
    }
}
