package dev.estimator.security;

import java.util.Arrays;

import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The browser console's static files (src/main/resources/static): open to everyone, since they hold no data
 * (every view reads the API with the user's credential), and served with a Content-Security-Policy that allows
 * only the service's own scripts, so that nothing shown in a page (a dataset's or a column's name) can run as one.
 */
final class ConsolePages {

    /** The console's page, its scripts and styles, and the webjars they import. */
    static final String[] PATHS = {"/", "/index.html", "/console/**", "/webjars/**"};

    /**
     * Scripts, styles and requests from this origin only; no inline script, no eval, no plugins, no framing.
     * Styles set from scripts through the CSSOM (as the chart library does) are not inline styles.
     */
    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    private ConsolePages() {
    }

    static RequestMatcher matcher() {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        return new OrRequestMatcher(Arrays.stream(PATHS).map(paths::matcher)
                .map(RequestMatcher.class::cast).toList());
    }

    static HeaderWriter contentSecurityPolicy() {
        return new DelegatingRequestMatcherHeaderWriter(matcher(),
                new StaticHeadersWriter("Content-Security-Policy", POLICY));
    }
}
