package dev.portrait.web;

import java.time.Duration;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Three chains: reading a picture file, the most frequent request by far, has one of its own with
 * only the response headers and CORS; the API ({@code /api/**}) is stateless and takes bearer JWTs
 * only, so CSRF does not apply to it (no cookie authenticates it); everything else (docs, health,
 * pages) is the third.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** What anyone may read without a token: public profiles, avatars and picture files. */
    private static final String[] PUBLIC_READS = {
        "/api/users/{userId}/profile",
        "/api/users/{userId}/avatar",
        "/api/media/{mediaId}",
        "/api/users/media/{mediaId}"
    };

    /** Picture files: public, read by {@code <img>} tags, never authenticated. */
    private static final String[] MEDIA_FILES = {"/api/media/{mediaId}", "/api/users/media/{mediaId}"};

    /**
     * Reading a picture file needs no authentication, so it skips the bearer token, session and
     * authorization filters (and their observations): a token sent along is ignored, not checked.
     * Other methods on these paths fall through to {@link #api}.
     */
    @Bean
    @Order(0)
    SecurityFilterChain mediaFiles(HttpSecurity http) throws Exception {
        http.securityMatchers(matchers -> matchers.requestMatchers(HttpMethod.GET, MEDIA_FILES)
                        .requestMatchers(HttpMethod.HEAD, MEDIA_FILES))
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .cors(Customizer.withDefaults())
                .requestCache(cache -> cache.disable())
                .logout(logout -> logout.disable())
                .anonymous(anonymous -> anonymous.disable())
                .servletApi(servletApi -> servletApi.disable());
        return http.build();
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(
            HttpSecurity http,
            ProblemSecurityHandlers problems,
            CorsConfigurationSource corsConfigurationSource,
            JsonMapper json)
            throws Exception {
        // Spring's CorsFilter at its usual place in the chain, refusing with a problem instead of plain text.
        CorsFilter corsFilter = new CorsFilter(corsConfigurationSource);
        corsFilter.setCorsProcessor(new ProblemCorsProcessor(json));
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(requests -> requests.requestMatchers(HttpMethod.OPTIONS, "/api/**")
                        .permitAll()
                        // All methods, so that a wrong one is answered 405 rather than 401.
                        .requestMatchers("/api/auth/**")
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, PUBLIC_READS)
                        .permitAll()
                        .requestMatchers(HttpMethod.HEAD, PUBLIC_READS)
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .cors(defaultCors -> defaultCors.disable())
                .addFilter(corsFilter)
                .oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults())
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(
                        handling -> handling.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain site(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll());
        return http.build();
    }

    @Bean
    CorsConfigurationSource corsConfigurationSource(CorsProperties properties) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (properties.allowedOrigins().isEmpty()) {
            return source;
        }
        CorsConfiguration api = new CorsConfiguration();
        api.setAllowedOrigins(properties.allowedOrigins());
        api.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
        api.setAllowedHeaders(List.of(
                HttpHeaders.AUTHORIZATION,
                HttpHeaders.CONTENT_TYPE,
                HttpHeaders.IF_NONE_MATCH,
                HttpHeaders.IF_MATCH,
                CorrelationIdFilter.HEADER));
        api.setExposedHeaders(List.of(
                HttpHeaders.LOCATION,
                HttpHeaders.ETAG,
                HttpHeaders.RETRY_AFTER,
                HttpHeaders.WWW_AUTHENTICATE,
                CorrelationIdFilter.HEADER));
        // Bearer tokens travel in a header, never in cookies, so credentials mode stays off.
        api.setAllowCredentials(false);
        api.setMaxAge(Duration.ofHours(1));
        source.registerCorsConfiguration("/api/**", api);
        return source;
    }
}
