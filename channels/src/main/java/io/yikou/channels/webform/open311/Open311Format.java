package io.yikou.channels.webform.open311;

import java.util.Locale;

/** The two response formats GeoReport v2 defines, chosen by the path's extension. */
enum Open311Format {
    JSON("application/json; charset=utf-8"),
    XML("text/xml; charset=utf-8");

    private final String contentType;

    Open311Format(String contentType) {
        this.contentType = contentType;
    }

    String contentType() {
        return contentType;
    }

    /** Returns the format a request path names: JSON unless the path ends in {@code .xml}. */
    static Open311Format ofPath(String path) {
        return path != null && path.toLowerCase(Locale.ROOT).endsWith(".xml") ? XML : JSON;
    }
}
