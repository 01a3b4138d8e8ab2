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
    void addressNamingCommunityResolvesStreetToo() {
        GridRef ref = demo.locateByName("示范南东社区 3号楼2单元");

        assertThat(ref.streetName()).isEqualTo("示范南街道");
        assertThat(ref.communityCode()).isEqualTo("110101902002");
        assertThat(ref.gridCode()).isNull();
    }

    @Test
    void addressNamingGridResolvesAllLevels() {
        GridRef ref = demo.locateByName("示范北东社区南网格内的垃圾站");

        assertThat(ref.streetCode()).isEqualTo("110101901");
        assertThat(ref.communityName()).isEqualTo("示范北东社区");
        assertThat(ref.gridCode()).isEqualTo("11010190100202");
    }

    @Test
    void spacesInAddressStillMatch() {
        assertThat(demo.locateByName("示范南 街道").streetName()).isEqualTo("示范南街道");
    }

    @Test
    void twoCommunitiesResolveOnlyTheStreet() {
        GridRef ref = demo.locateByName("示范北西社区和示范北东社区交界处");

        assertThat(ref.streetName()).isEqualTo("示范北街道");
        assertThat(ref.communityCode()).isNull();
    }

    @Test
    void communityOutsideNamedStreetIsIgnored() {
        GridRef ref = demo.locateByName("示范北街道示范南东社区");

        assertThat(ref.streetName()).isEqualTo("示范北街道");
        assertThat(ref.communityCode()).isNull();
    }

    @Test
    void addressWithoutAreaNameResolvesToNone() {
        assertThat(demo.locateByName("东直门内大街12号")).isEqualTo(GridRef.NONE);
        assertThat(demo.locateByName("  ")).isEqualTo(GridRef.NONE);
        assertThat(demo.locateByName(null)).isEqualTo(GridRef.NONE);
    }

    @Test
    void longerNameWinsOverItsTail(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("streets.geojson");
        Files.writeString(file, "{\"type\":\"FeatureCollection\",\"features\":["
                + street("110101005", "北新桥街道", 116.41) + "," + street("110101099", "新桥街道", 116.45) + "]}");
        GridLocator streets = JtsGridLocator.load(List.of(new BoundarySource(file, GridLevel.STREET, null, "code",
                "name", null)));

        assertThat(streets.locateByName("北新桥街道九道湾").streetCode()).isEqualTo("110101005");
        assertThat(streets.locateByName("新桥街道12号").streetCode()).isEqualTo("110101099");
        assertThat(streets.locateByName("北新桥街道和新桥街道之间").streetCode()).isNull();
    }

    private static String street(String code, String name, double west) {
        double east = west + 0.02;
        return "{\"type\":\"Feature\",\"properties\":{\"code\":\"" + code + "\",\"name\":\"" + name + "\"},"
                + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[" + west + ",39.9],[" + east + ",39.9],["
                + east + ",39.92],[" + west + ",39.92],[" + west + ",39.9]]]}}";
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
