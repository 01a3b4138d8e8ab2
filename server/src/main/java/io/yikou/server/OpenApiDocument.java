package io.yikou.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.yikou.core.module.Module;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenAPI 3.0 document served at {@code /openapi.json} and {@code /openapi.yaml}: a base with
 * the shared parts (info, security, error response) plus every module's fragment.
 */
final class OpenApiDocument {

    private static final Logger LOG = LoggerFactory.getLogger(OpenApiDocument.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private OpenApiDocument() {
    }

    /**
     * Merges the fragments of the given modules into the base document.
     *
     * @throws IllegalStateException when two fragments define one path or schema differently
     */
    static ObjectNode build(List<Module> modules) {
        ObjectNode document = (ObjectNode) read(OpenApiDocument.class, "/io/yikou/server/openapi-base.yaml");
        ObjectNode paths = document.with("paths");
        ObjectNode schemas = document.with("components").with("schemas");
        for (Module module : modules) {
            String resource = module.openApiResource();
            if (resource == null) {
                continue;
            }
            if (module.getClass().getResource(resource) == null) {
                LOG.warn("Module {} names OpenAPI fragment {}, which is missing; its paths are not documented",
                        module.name(), resource);
                continue;
            }
            JsonNode fragment = read(module.getClass(), resource);
            merge(paths, fragment.path("paths"), "path", module.name());
            merge(schemas, fragment.path("components").path("schemas"), "schema", module.name());
        }
        return document;
    }

    static String toYaml(ObjectNode document) {
        try {
            return YAML.writeValueAsString(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void merge(ObjectNode target, JsonNode source, String what, String module) {
        Iterator<Map.Entry<String, JsonNode>> fields = source.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = target.get(field.getKey());
            if (existing != null && !existing.equals(field.getValue())) {
                throw new IllegalStateException("OpenAPI " + what + " " + field.getKey() + " of module " + module
                        + " conflicts with one defined earlier");
            }
            target.set(field.getKey(), field.getValue());
        }
    }

    private static JsonNode read(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("OpenAPI fragment " + resource + " missing beside " + anchor.getName());
            }
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read OpenAPI fragment " + resource, e);
        }
    }
}
