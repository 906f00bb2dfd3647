package dev.estimator.security;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * {@code jwt} mode: a validated token becomes a caller whose owner is its {@code sub} claim, an administrator
 * when the configured claim has (or, as a list, holds) the configured value.
 */
final class JwtCallers implements Converter<Jwt, AbstractAuthenticationToken> {

    private final String[] adminClaimPath;
    private final String adminValue;

    JwtCallers(SecurityProperties.Jwt settings) {
        this.adminClaimPath = settings.adminClaim().split("\\.");
        this.adminValue = settings.adminValue();
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        String subject = jwt.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new InvalidBearerTokenException("the token has no sub claim");
        }
        Collection<GrantedAuthority> authorities = isAdmin(jwt)
                ? List.of(new SimpleGrantedAuthority(Role.ADMIN.authority()),
                        new SimpleGrantedAuthority(Role.USER.authority()))
                : List.of(new SimpleGrantedAuthority(Role.USER.authority()));
        return new JwtAuthenticationToken(jwt, authorities, subject);
    }

    private boolean isAdmin(Jwt jwt) {
        Object value = jwt.getClaims();
        for (String part : adminClaimPath) {
            if (!(value instanceof Map<?, ?> map)) {
                return false;
            }
            value = map.get(part);
        }
        if (value instanceof Collection<?> values) {
            return values.stream().anyMatch(v -> adminValue.equals(String.valueOf(v)));
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        return value != null && adminValue.equals(String.valueOf(value));
    }
}
