package dev.portrait.web;

import dev.portrait.account.AuthenticatedUser;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API reference at {@code /v3/api-docs} and {@code /docs}. Every error answer is documented as a
 * problem; bearer-secured operations also list 401, operations with a path parameter 400, those
 * with a JSON body 400 and 415, and every operation lists 500.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(AuthenticatedUser.class);
    }

    @Bean
    OpenAPI portraitOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Portrait API")
                        .version("1")
                        .description("User accounts, profiles and profile pictures. Errors are RFC 9457 problems"
                                + " (application/problem+json) with a stable `code`."))
                .components(new Components()
                        .addSecuritySchemes(
                                "bearer",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")));
    }

    @Bean
    OpenApiCustomizer problemResponses() {
        // Added here, with the references to it: springdoc drops a schema no operation refers to yet.
        return openApi -> {
            openApi.getComponents().addSchemas("Problem", problemSchema());
            openApi.getPaths().values().forEach(path -> path.readOperations()
                    .forEach(OpenApiConfiguration::documentErrors));
        };
    }

    private static void documentErrors(Operation operation) {
        ApiResponses responses = operation.getResponses();
        if (operation.getSecurity() != null && !operation.getSecurity().isEmpty()) {
            responses.putIfAbsent(
                    "401",
                    new ApiResponse().description("`authentication_required`, `token_expired` or `invalid_token`"));
        }
        if (operation.getParameters() != null
                && operation.getParameters().stream().anyMatch(parameter -> "path".equals(parameter.getIn()))) {
            responses.putIfAbsent("400", new ApiResponse().description("`invalid_parameter`"));
        }
        if (operation.getRequestBody() != null) {
            ApiResponse badRequest = responses.computeIfAbsent("400", status -> new ApiResponse());
            String described = badRequest.getDescription();
            if (described == null || !described.contains("`malformed_request`")) {
                badRequest.description((described == null ? "" : described + "; ")
                        + "`malformed_request`: the body is not the JSON expected");
            }
            responses.putIfAbsent("415", new ApiResponse().description("`unsupported_media_type`"));
        }
        responses.putIfAbsent("500", new ApiResponse().description("`internal_error`"));
        responses.forEach((status, response) -> {
            if (status.startsWith("4") || status.startsWith("5")) {
                response.setContent(new Content()
                        .addMediaType(
                                "application/problem+json",
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"))));
            }
        });
    }

    private static Schema<Object> problemSchema() {
        Schema<Object> schema = new Schema<>();
        schema.type("object")
                .description("RFC 9457 problem details")
                .addProperty("type", new Schema<String>().type("string").format("uri"))
                .addProperty("title", new Schema<String>().type("string"))
                .addProperty("status", new Schema<Integer>().type("integer"))
                .addProperty("detail", new Schema<String>().type("string"))
                .addProperty("instance", new Schema<String>().type("string"))
                .addProperty("code", new Schema<String>().type("string").description("Stable snake_case code"))
                .addProperty(
                        "errors",
                        new Schema<Object>()
                                .type("array")
                                .description("Field errors, for `validation_failed`")
                                .items(new Schema<Object>()
                                        .type("object")
                                        .addProperty("field", new Schema<String>().type("string"))
                                        .addProperty("message", new Schema<String>().type("string"))));
        return schema;
    }
}
