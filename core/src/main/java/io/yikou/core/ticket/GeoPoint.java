package io.yikou.core.ticket;

/**
 * A WGS-84 position in decimal degrees, as GPS fixes and browsers report it.
 *
 * @param lat latitude, -90 to 90
 * @param lon longitude, -180 to 180
 */
public record GeoPoint(double lat, double lon) {

    public GeoPoint {
        if (!(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180)) {
            throw new IllegalArgumentException("point out of range: lat=" + lat + " lon=" + lon
                    + " (expected lat -90..90, lon -180..180)");
        }
    }
}
