package io.yikou.channels.webform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each OpenAPI fragment holds only {@code paths} and {@code components.schemas} (the server merges
 * fragments), and is a valid OpenAPI 3.0 document once given the header every document needs.
 */
class OpenApiFragmentsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static JsonNode fragment(String resource) throws Exception {
        try (InputStream in = OpenApiFragmentsTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return YAML.readTree(in);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/io/yikou/channels/webform/openapi-webform.yaml",
            "/io/yikou/channels/webform/open311/openapi-open311.yaml"})
    void fragmentHasOnlyPathsAndSchemas(String resource) throws Exception {
        JsonNode root = fragment(resource);

        List<String> topLevel = new ArrayList<>();
        root.fieldNames().forEachRemaining(topLevel::add);
        List<String> components = new ArrayList<>();
        root.path("components").fieldNames().forEachRemaining(components::add);

        assertThat(topLevel).containsExactlyInAnyOrder("paths", "components");
        assertThat(components).containsExactly("schemas");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/io/yikou/channels/webform/openapi-webform.yaml",
            "/io/yikou/channels/webform/open311/openapi-open311.yaml"})
    void fragmentIsValidOpenApi(String resource) throws Exception {
        ObjectNode document = (ObjectNode) fragment(resource);
        document.put("openapi", "3.0.3");
        document.putObject("info").put("title", "fragment check").put("version", "0");
        ParseOptions options = new ParseOptions();
        options.setResolve(true);

        SwaggerParseResult result = new OpenAPIV3Parser().readContents(YAML.writeValueAsString(document), null, options);

        assertThat(result.getMessages()).as(resource).isEmpty();
        assertThat(result.getOpenAPI().getPaths()).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/reports", "/api/v1/reports/limits", "/api/v1/reports/{number}",
            "/report", "/report/status"})
    void webformFragmentDescribesRoute(String path) throws Exception {
        assertThat(fragment("/io/yikou/channels/webform/openapi-webform.yaml").path("paths").has(path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/open311/v2/discovery.{format}", "/open311/v2/services.{format}",
            "/open311/v2/services/{service_code}.{format}", "/open311/v2/requests.{format}",
            "/open311/v2/requests/{service_request_id}.{format}", "/open311/v2/tokens/{token}.{format}"})
    void open311FragmentDescribesRoute(String path) throws Exception {
        assertThat(fragment("/io/yikou/channels/webform/open311/openapi-open311.yaml").path("paths").has(path))
                .isTrue();
    }
}
