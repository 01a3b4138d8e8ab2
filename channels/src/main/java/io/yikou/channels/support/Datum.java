package io.yikou.channels.support;

import io.yikou.core.ticket.GeoPoint;
import java.util.Locale;

/**
 * Geodetic datums of coordinates that channels report. Maps of Chinese providers (Tencent, AMap)
 * use GCJ-02, which is WGS-84 shifted by an obfuscation formula by roughly 100 to 700 m; the grid
 * boundaries and GPS fixes are WGS-84.
 */
public enum Datum {
    WGS84,
    GCJ02;

    private static final double A = 6378245.0;
    private static final double EE = 0.00669342162296594323;
    private static final int ITERATIONS = 10;

    public static Datum parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT).replace("-", "")) {
            case "wgs84" -> WGS84;
            case "gcj02" -> GCJ02;
            default -> throw new IllegalArgumentException("unknown datum " + text + " (expected wgs84 or gcj02)");
        };
    }

    /** Converts a point in this datum to WGS-84. */
    public GeoPoint toWgs84(double lat, double lon) {
        if (this == WGS84 || outsideChina(lat, lon)) {
            return new GeoPoint(lat, lon);
        }
        // GCJ-02 has no closed-form inverse; fixed-point iteration converges to about 0.1 m in 10 steps.
        double wgsLat = lat;
        double wgsLon = lon;
        for (int i = 0; i < ITERATIONS; i++) {
            double[] shifted = wgs84ToGcj02(wgsLat, wgsLon);
            wgsLat += lat - shifted[0];
            wgsLon += lon - shifted[1];
        }
        return new GeoPoint(wgsLat, wgsLon);
    }

    /** Applies the GCJ-02 shift to a WGS-84 point; returns {@code {lat, lon}}. */
    public static double[] wgs84ToGcj02(double lat, double lon) {
        if (outsideChina(lat, lon)) {
            return new double[] {lat, lon};
        }
        double dLat = transformLat(lon - 105.0, lat - 35.0);
        double dLon = transformLon(lon - 105.0, lat - 35.0);
        double radLat = lat / 180.0 * Math.PI;
        double magic = Math.sin(radLat);
        magic = 1 - EE * magic * magic;
        double sqrtMagic = Math.sqrt(magic);
        dLat = (dLat * 180.0) / ((A * (1 - EE)) / (magic * sqrtMagic) * Math.PI);
        dLon = (dLon * 180.0) / (A / sqrtMagic * Math.cos(radLat) * Math.PI);
        return new double[] {lat + dLat, lon + dLon};
    }

    private static boolean outsideChina(double lat, double lon) {
        return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
    }

    private static double transformLat(double x, double y) {
        double ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
        ret += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        ret += (20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
        ret += (160.0 * Math.sin(y / 12.0 * Math.PI) + 320 * Math.sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
        return ret;
    }

    private static double transformLon(double x, double y) {
        double ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
        ret += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        ret += (20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
        ret += (150.0 * Math.sin(x / 12.0 * Math.PI) + 300.0 * Math.sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
        return ret;
    }
}
