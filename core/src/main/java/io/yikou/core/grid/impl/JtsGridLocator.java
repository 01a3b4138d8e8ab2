package io.yikou.core.grid.impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yikou.core.grid.BoundarySource;
import io.yikou.core.grid.GridArea;
import io.yikou.core.grid.GridLevel;
import io.yikou.core.grid.GridLocator;
import io.yikou.core.ticket.GeoPoint;
import io.yikou.core.ticket.GridRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Point-in-polygon over GeoJSON boundaries with JTS: an STR-tree per level narrows candidates by
 * bounding box, then prepared geometries test containment. A point on a shared border counts for
 * the area that lists it first. Immutable and thread-safe once built.
 */
public final class JtsGridLocator implements GridLocator {

    private static final Logger LOG = LoggerFactory.getLogger(JtsGridLocator.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GeometryFactory geometries = new GeometryFactory(new PrecisionModel(), 4326);
    private final Map<GridLevel, STRtree> indexes = new EnumMap<>(GridLevel.class);
    private final Map<GridLevel, Integer> counts = new EnumMap<>(GridLevel.class);
    /** Areas of each level by code, in load order, for name lookups and parent links. */
    private final Map<GridLevel, Map<String, GridArea>> byCode = new EnumMap<>(GridLevel.class);

    private JtsGridLocator() {
        for (GridLevel level : GridLevel.values()) {
            indexes.put(level, new STRtree());
            counts.put(level, 0);
            byCode.put(level, new LinkedHashMap<>());
        }
    }

    /**
     * Loads every source.
     *
     * @throws IllegalArgumentException naming the file and feature that could not be read
     */
    public static JtsGridLocator load(List<BoundarySource> sources) {
        JtsGridLocator locator = new JtsGridLocator();
        for (BoundarySource source : sources) {
            locator.loadSource(source);
        }
        locator.indexes.values().forEach(STRtree::build);
        LOG.info("Grid boundaries loaded: {} streets, {} communities, {} grids",
                locator.counts.get(GridLevel.STREET), locator.counts.get(GridLevel.COMMUNITY),
                locator.counts.get(GridLevel.GRID));
        return locator;
    }

    private void loadSource(BoundarySource source) {
        JsonNode root;
        try (InputStream in = source.file() == null
                ? JtsGridLocator.class.getResourceAsStream("/io/yikou/core/grid/demo-grid.geojson")
                : Files.newInputStream(source.file())) {
            if (in == null) {
                throw new IllegalArgumentException("boundary file not found: " + source.label());
            }
            root = JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read boundary file " + source.label() + ": " + e.getMessage(), e);
        }
        JsonNode features = root.path("features");
        if (!features.isArray()) {
            throw new IllegalArgumentException(source.label() + " is not a GeoJSON FeatureCollection");
        }
        GeoJsonReader reader = new GeoJsonReader(geometries);
        int index = 0;
        for (JsonNode feature : features) {
            addFeature(source, reader, feature, index++);
        }
    }

    private void addFeature(BoundarySource source, GeoJsonReader reader, JsonNode feature, int index) {
        String where = source.label() + " feature #" + index;
        JsonNode props = feature.path("properties");
        GridLevel level = source.level();
        if (level == null) {
            String text = props.path(source.levelProperty()).asText(null);
            level = GridLevel.parse(text).orElseThrow(() -> new IllegalArgumentException(
                    where + ": property '" + source.levelProperty() + "' must be street, community or grid, was " + text));
        }
        String name = props.path(source.nameProperty()).asText(null);
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(where + ": missing name property '" + source.nameProperty() + "'");
        }
        String code = source.codeProperty() == null ? null : props.path(source.codeProperty()).asText(null);
        if (code == null || code.isBlank()) {
            code = name;
        }
        String parent = source.parentProperty() == null ? null : props.path(source.parentProperty()).asText(null);

        Geometry geometry;
        try {
            geometry = reader.read(feature.path("geometry").toString());
        } catch (ParseException e) {
            throw new IllegalArgumentException(where + ": invalid geometry: " + e.getMessage(), e);
        }
        if (!(geometry instanceof Polygonal)) {
            throw new IllegalArgumentException(where + ": geometry must be a Polygon or MultiPolygon, was "
                    + geometry.getGeometryType());
        }
        Entry entry = new Entry(new GridArea(level, code, name, parent), PreparedGeometryFactory.prepare(geometry),
                counts.get(level));
        indexes.get(level).insert(geometry.getEnvelopeInternal(), entry);
        counts.merge(level, 1, Integer::sum);
        byCode.get(level).putIfAbsent(code, entry.area());
    }

    @Override
    public GridRef locate(GeoPoint point) {
        Point p = geometries.createPoint(new Coordinate(point.lon(), point.lat()));
        GridArea street = find(GridLevel.STREET, p, null);
        GridArea community = find(GridLevel.COMMUNITY, p, street);
        GridArea grid = find(GridLevel.GRID, p, community);
        return ref(street, community, grid);
    }

    @Override
    public GridRef locateByName(String address) {
        if (address == null || address.isBlank()) {
            return GridRef.NONE;
        }
        // NFKC folds full-width letters and digits; spaces go, so 北新桥 街道 still matches.
        String text = Normalizer.normalize(address, Normalizer.Form.NFKC).replaceAll("\\s+", "");
        GridArea street = single(named(GridLevel.STREET, text, null));
        List<GridArea> communities = named(GridLevel.COMMUNITY, text, street);
        GridArea community = single(communities);
        List<GridArea> grids = named(GridLevel.GRID, text, community != null ? community : street);
        GridArea grid = single(grids);

        // Areas above come from parent codes; several named areas still place the address in their common parent.
        if (community == null) {
            community = commonParent(GridLevel.COMMUNITY, grids);
        }
        if (street == null) {
            street = commonParent(GridLevel.STREET, community != null ? List.of(community) : communities);
        }
        return ref(street, community, grid);
    }

    /**
     * Returns the areas of a level whose full name occurs in the text, inside {@code above} when given.
     * A name found only as the tail of a longer name found too (新桥街道 inside 北新桥街道) does not count.
     */
    private List<GridArea> named(GridLevel level, String text, GridArea above) {
        List<GridArea> found = new ArrayList<>();
        for (GridArea area : byCode.get(level).values()) {
            if (area.name().length() >= 2 && text.contains(area.name()) && (above == null || isInside(area, above))) {
                found.add(area);
            }
        }
        List<GridArea> kept = new ArrayList<>();
        for (GridArea area : found) {
            boolean onlyInsideLonger = found.stream().anyMatch(other -> other.name().length() > area.name().length()
                    && other.name().contains(area.name())
                    && text.replace(other.name(), "").indexOf(area.name()) < 0);
            if (!onlyInsideLonger) {
                kept.add(area);
            }
        }
        return kept;
    }

    private static GridArea single(List<GridArea> areas) {
        return areas.size() == 1 ? areas.get(0) : null;
    }

    /** Returns the area one level up that every given area names as its parent, or {@code null}. */
    private GridArea commonParent(GridLevel level, List<GridArea> areas) {
        if (areas.isEmpty()) {
            return null;
        }
        String code = areas.get(0).parentCode();
        for (GridArea area : areas) {
            if (code == null || !code.equals(area.parentCode())) {
                return null;
            }
        }
        return byCode.get(level).get(code);
    }

    /**
     * Tells whether an area lies inside another by following parent codes upwards. An area whose chain
     * ends without a parent code counts as inside, as in {@link #locate}, because the data cannot tell.
     */
    private boolean isInside(GridArea area, GridArea above) {
        GridArea current = area;
        while (true) {
            if (current.parentCode() == null) {
                return true;
            }
            if (current.parentCode().equals(above.code())) {
                return true;
            }
            if (current.level() != GridLevel.GRID) {
                return false;
            }
            GridArea community = parent(GridLevel.COMMUNITY, current);
            if (community == null) {
                return false;
            }
            current = community;
        }
    }

    private static GridRef ref(GridArea street, GridArea community, GridArea grid) {
        if (street == null && community == null && grid == null) {
            return GridRef.NONE;
        }
        return new GridRef(
                street == null ? null : street.code(), street == null ? null : street.name(),
                community == null ? null : community.code(), community == null ? null : community.name(),
                grid == null ? null : grid.code(), grid == null ? null : grid.name());
    }

    private GridArea parent(GridLevel level, GridArea child) {
        return child.parentCode() == null ? null : byCode.get(level).get(child.parentCode());
    }

    /**
     * Finds the area of a level containing the point. When the level above resolved, an area whose
     * parent is a different area is skipped, so overlapping data from two sources cannot produce a
     * community outside its street.
     */
    private GridArea find(GridLevel level, Point p, GridArea above) {
        @SuppressWarnings("unchecked")
        List<Entry> candidates = indexes.get(level).query(p.getEnvelopeInternal());
        List<Entry> hits = new ArrayList<>(1);
        for (Entry candidate : candidates) {
            if (candidate.shape.covers(p)) {
                hits.add(candidate);
            }
        }
        hits.sort((a, b) -> Integer.compare(a.order, b.order));
        for (Entry hit : hits) {
            GridArea area = hit.area;
            if (above == null || area.parentCode() == null || area.parentCode().equals(above.code())) {
                return area;
            }
        }
        return null;
    }

    @Override
    public Map<GridLevel, Integer> counts() {
        return Map.copyOf(counts);
    }

    private record Entry(GridArea area, PreparedGeometry shape, int order) {
    }
}
