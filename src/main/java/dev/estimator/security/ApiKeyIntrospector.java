package dev.estimator.security;

import java.util.List;
import java.util.Map;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.stereotype.Component;

/**
 * Bearer API keys through Spring Security's opaque-token support: the principal's name is the key's owner,
 * its authorities the key's role. The key never appears in the exception, which may be logged.
 */
@Component
class ApiKeyIntrospector implements OpaqueTokenIntrospector {

    private final ApiKeys keys;

    ApiKeyIntrospector(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public OAuth2AuthenticatedPrincipal introspect(String token) {
        ApiKeys.Holder holder = keys.authenticate(token)
                .orElseThrow(() -> new BadOpaqueTokenException("the API key is unknown or was revoked"));
        List<GrantedAuthority> authorities = holder.role() == Role.ADMIN
                ? List.of(new SimpleGrantedAuthority(Role.ADMIN.authority()),
                        new SimpleGrantedAuthority(Role.USER.authority()))
                : List.of(new SimpleGrantedAuthority(Role.USER.authority()));
        return new DefaultOAuth2AuthenticatedPrincipal(holder.owner(), Map.of("key_name", holder.keyName()),
                authorities);
    }
}
