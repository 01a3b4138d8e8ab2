package io.yikou.core.grid;

import com.fasterxml.jackson.databind.JsonNode;
import io.yikou.core.config.ConfigReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Grid boundary settings: {@code grid.boundaries} is a list of GeoJSON files; unset means the
 * bundled synthetic demo grid. A shortcut {@code grid.streets-file} (env {@code YIKOU_GRID_STREETS_FILE})
 * takes one street-level file with {@code street_code} and {@code name} properties.
 */
public record GridOptions(List<BoundarySource> sources) {

    public static GridOptions read(ConfigReader reader) {
        List<BoundarySource> sources = new ArrayList<>();
        reader.optionalString("grid.streets-file").ifPresent(file -> sources.add(
                new BoundarySource(Path.of(file), GridLevel.STREET, null, "street_code", "name", null)));

        JsonNode list = reader.subtree("grid.boundaries");
        if (!list.isMissingNode() && !list.isNull()) {
            if (!list.isArray()) {
                reader.problem("grid.boundaries", list.toString(), "a list of boundary files");
            } else {
                int index = 0;
                for (JsonNode entry : list) {
                    readEntry(reader, "grid.boundaries[" + index++ + "]", entry).ifPresent(sources::add);
                }
            }
        }
        if (sources.isEmpty()) {
            sources.add(BoundarySource.demo());
        }
        return new GridOptions(List.copyOf(sources));
    }

    private static java.util.Optional<BoundarySource> readEntry(ConfigReader reader, String key, JsonNode entry) {
        String file = entry.path("file").asText("");
        if (file.isBlank()) {
            reader.problem(key + ".file", null, "the path of a GeoJSON file");
            return java.util.Optional.empty();
        }
        String levelText = entry.path("level").asText("");
        String levelProperty = entry.path("level-property").asText("");
        GridLevel level = null;
        if (!levelText.isBlank()) {
            level = GridLevel.parse(levelText).orElse(null);
            if (level == null) {
                reader.problem(key + ".level", levelText, "one of street, community, grid");
                return java.util.Optional.empty();
            }
        } else if (levelProperty.isBlank()) {
            reader.problem(key + ".level", null, "street, community or grid, or a level-property naming it");
            return java.util.Optional.empty();
        }
        String nameProperty = entry.path("name-property").asText("name");
        return java.util.Optional.of(new BoundarySource(Path.of(file), level,
                levelProperty.isBlank() ? null : levelProperty,
                blankToNull(entry.path("code-property").asText("")),
                nameProperty,
                blankToNull(entry.path("parent-property").asText(""))));
    }

    private static String blankToNull(String text) {
        return text.isBlank() ? null : text;
    }
}
