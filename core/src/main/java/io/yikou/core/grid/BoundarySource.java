package io.yikou.core.grid;

import java.nio.file.Path;

/**
 * A GeoJSON file of grid polygons (WGS-84) and how to read its feature properties.
 *
 * @param file           the GeoJSON file, or {@code null} for the bundled demo grid
 * @param level          level of every feature, or {@code null} when {@code levelProperty} gives it
 * @param levelProperty  property holding {@code street}, {@code community} or {@code grid}
 * @param codeProperty   property holding the area code; when absent the name is the code
 * @param nameProperty   property holding the Chinese name
 * @param parentProperty property holding the parent area's code, or {@code null}
 */
public record BoundarySource(Path file, GridLevel level, String levelProperty, String codeProperty,
                             String nameProperty, String parentProperty) {

    /** The synthetic demo grid shipped with Yikou: two streets, four communities, eight grids. */
    public static BoundarySource demo() {
        return new BoundarySource(null, null, "level", "code", "name", "parent");
    }

    public String label() {
        return file == null ? "bundled demo-grid.geojson" : file.toString();
    }
}
