package io.yikou.core.grid;

import static org.assertj.core.api.Assertions.assertThat;

import io.yikou.core.grid.impl.JtsGridLocator;
import io.yikou.core.ticket.GeoPoint;
import io.yikou.core.ticket.GridRef;
import io.yikou.testkit.SharedData;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** Locates real parking-lot points against the real Dongcheng street and Beixinqiao community polygons. */
class DongchengGridIT {

    private static final String GEO = "data/beijing-dongcheng-geo/";

    @Test
    void everyPoiLandsInItsRecordedStreet() throws Exception {
        Path streets = SharedData.require(GEO + "dongcheng_streets_wgs84.geojson");
        Path pois = SharedData.require(GEO + "dongcheng_parking_pois.csv");
        GridLocator locator = JtsGridLocator.load(List.of(
                new BoundarySource(streets, GridLevel.STREET, null, "street_code", "name", null)));

        List<String> mismatches = new ArrayList<>();
        int inside = 0;
        int outside = 0;
        try (Reader in = Files.newBufferedReader(pois, StandardCharsets.UTF_8)) {
            for (CSVRecord row : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
                GeoPoint point = new GeoPoint(Double.parseDouble(row.get("lat_wgs84")),
                        Double.parseDouble(row.get("lng_wgs84")));
                String expected = row.get("street_code_by_polygon");
                GridRef ref = locator.locate(point);
                if (expected.isBlank()) {
                    outside++;
                    if (ref.isResolved()) {
                        mismatches.add(row.get("poi_id") + " expected none, got " + ref.streetCode());
                    }
                } else {
                    inside++;
                    if (!expected.equals(ref.streetCode())) {
                        mismatches.add(row.get("poi_id") + " expected " + expected + ", got " + ref.streetCode());
                    }
                }
            }
        }

        assertThat(inside + outside).isEqualTo(1165);
        assertThat(outside).isEqualTo(110);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void beixinqiaoPointResolvesToCommunity() throws Exception {
        Path streets = SharedData.require(GEO + "dongcheng_streets_wgs84.geojson");
        Path communities = SharedData.require(GEO + "beixinqiao_communities_wgs84.geojson");
        GridLocator locator = JtsGridLocator.load(List.of(
                new BoundarySource(streets, GridLevel.STREET, null, "street_code", "name", null),
                new BoundarySource(communities, GridLevel.COMMUNITY, null, null, "community_name", "street_code")));

        // The Beixinqiao street label point lies inside one of its community polygons.
        GridRef ref = locator.locate(new GeoPoint(39.9396855, 116.4193726));

        assertThat(ref.streetCode()).isEqualTo("110101005");
        assertThat(ref.communityName()).endsWith("社区");
        assertThat(locator.counts()).containsEntry(GridLevel.STREET, 17).containsEntry(GridLevel.COMMUNITY, 12);
    }

    @Test
    void realCommunityNameResolvesItsStreet() throws Exception {
        Path streets = SharedData.require(GEO + "dongcheng_streets_wgs84.geojson");
        Path communities = SharedData.require(GEO + "beixinqiao_communities_wgs84.geojson");
        GridLocator locator = JtsGridLocator.load(List.of(
                new BoundarySource(streets, GridLevel.STREET, null, "street_code", "name", null),
                new BoundarySource(communities, GridLevel.COMMUNITY, null, null, "community_name", "street_code")));

        GridRef ref = locator.locateByName("东城区九道湾社区中街5号院");

        assertThat(ref.streetCode()).isEqualTo("110101005");
        assertThat(ref.streetName()).isEqualTo("北新桥街道");
        assertThat(ref.communityName()).isEqualTo("九道湾社区");
        assertThat(locator.locateByName("和平里街道和平里东街")).extracting(GridRef::streetCode).isEqualTo("110101010");
    }
}
