package io.yikou.core.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.yikou.core.grid.impl.JtsGridLocator;
import io.yikou.core.ticket.GeoPoint;
import io.yikou.core.ticket.GridRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JtsGridLocatorTest {

    private final GridLocator demo = JtsGridLocator.load(List.of(BoundarySource.demo()));

    @Test
    void demoGridResolvesAllThreeLevels() {
        GridRef ref = demo.locate(new GeoPoint(39.93, 116.40));

        assertThat(ref.streetName()).isEqualTo("示范北街道");
        assertThat(ref.communityName()).isEqualTo("示范北西社区");
        assertThat(ref.gridCode()).isEqualTo("11010190100102");
    }

    @Test
    void pointOutsideResolvesToNone() {
        assertThat(demo.locate(new GeoPoint(31.23, 121.47))).isEqualTo(GridRef.NONE);
    }

    @Test
    void demoCountsEveryLevel() {
        assertThat(demo.counts()).containsEntry(GridLevel.STREET, 2).containsEntry(GridLevel.COMMUNITY, 4)
                .containsEntry(GridLevel.GRID, 8);
    }

    @Test
    void nonPolygonFeatureIsRejected(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("points.geojson");
        Files.writeString(file, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                + "\"properties\":{\"name\":\"点\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[116.4,39.9]}}]}");

        assertThatThrownBy(() -> JtsGridLocator.load(List.of(new BoundarySource(file, GridLevel.STREET, null, null,
                "name", null))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("points.geojson feature #0")
                .hasMessageContaining("Polygon or MultiPolygon");
    }

    @Test
    void missingFileIsReported(@TempDir Path dir) {
        Path file = dir.resolve("absent.geojson");

        assertThatThrownBy(() -> JtsGridLocator.load(List.of(new BoundarySource(file, GridLevel.STREET, null, null,
                "name", null))))
                .hasMessageContaining("absent.geojson");
    }
}
