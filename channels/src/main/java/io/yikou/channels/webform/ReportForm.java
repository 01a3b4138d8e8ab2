package io.yikou.channels.webform;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.yikou.core.http.FieldError;
import io.yikou.core.ticket.GeoPoint;
import io.yikou.core.ticket.TicketType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A citizen's report as submitted by the web form, read from JSON or form fields with every
 * problem collected as a {@link FieldError}.
 *
 * @param type        demand type, {@code null} when missing or unknown (an error is recorded)
 * @param category    category code, or {@code null}
 * @param description the citizen's words
 * @param address     address text, or {@code null}
 * @param point       browser location, or {@code null}
 * @param phone       phone number as typed, or {@code null}
 * @param name        name as typed, or {@code null}
 * @param consent     the citizen accepted the personal-data notice
 * @param errors      problems found while reading
 */
record ReportForm(TicketType type, String category, String description, String address, GeoPoint point,
                  String phone, String name, boolean consent, List<FieldError> errors) {

    /** Reads a JSON body: strings for text, numbers for {@code location.lat}/{@code location.lon}. */
    static ReportForm fromJson(JsonObject body) {
        List<FieldError> errors = new ArrayList<>();
        TicketType type = type(string(body, "type", errors), errors);
        GeoPoint point = null;
        Object location = body.getValue("location");
        if (location instanceof JsonObject loc) {
            point = point(number(loc, "lat", errors), number(loc, "lon", errors), loc.containsKey("lat")
                    || loc.containsKey("lon"), errors);
        } else if (location != null) {
            errors.add(FieldError.of("location", "wrong_type", "object"));
        }
        Object consent = body.getValue("consent");
        if (consent != null && !(consent instanceof Boolean)) {
            errors.add(FieldError.of("consent", "wrong_type", "boolean"));
        }
        return new ReportForm(type, string(body, "category", errors), string(body, "description", errors),
                string(body, "address", errors), point, string(body, "phone", errors), string(body, "name", errors),
                Boolean.TRUE.equals(consent), errors);
    }

    /**
     * Reads form fields (urlencoded or multipart). Browsers send a textarea's line breaks as CRLF, so
     * CRLF becomes LF here and a description counts the same length as the page showed.
     */
    static ReportForm fromForm(MultiMap form) {
        List<FieldError> errors = new ArrayList<>();
        TicketType type = type(blankToNull(form.get("type")), errors);
        String lat = blankToNull(form.get("lat"));
        String lon = blankToNull(form.get("lon"));
        GeoPoint point = point(parse(lat, "lat", errors), parse(lon, "lon", errors), lat != null || lon != null,
                errors);
        String consent = blankToNull(form.get("consent"));
        boolean accepted = consent != null && switch (consent.toLowerCase(Locale.ROOT)) {
            case "true", "on", "1", "yes" -> true;
            default -> false;
        };
        return new ReportForm(type, blankToNull(form.get("category")), unixLineBreaks(form.get("description")),
                blankToNull(unixLineBreaks(form.get("address"))), point, blankToNull(form.get("phone")),
                blankToNull(form.get("name")), accepted, errors);
    }

    private static TicketType type(String text, List<FieldError> errors) {
        if (text == null) {
            errors.add(FieldError.of("type", "required"));
            return null;
        }
        return TicketType.parse(text).orElseGet(() -> {
            errors.add(FieldError.of("type", "unknown_type"));
            return null;
        });
    }

    private static GeoPoint point(Double lat, Double lon, boolean given, List<FieldError> errors) {
        if (!given) {
            return null;
        }
        if (lat == null || lon == null) {
            errors.add(FieldError.of("location", "invalid_point"));
            return null;
        }
        try {
            return new GeoPoint(lat, lon);
        } catch (IllegalArgumentException e) {
            errors.add(FieldError.of("location", "invalid_point"));
            return null;
        }
    }

    private static String string(JsonObject body, String field, List<FieldError> errors) {
        Object value = body.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            errors.add(FieldError.of(field, "wrong_type", "string"));
            return null;
        }
        return field.equals("description") ? text : blankToNull(text);
    }

    private static Double number(JsonObject body, String field, List<FieldError> errors) {
        Object value = body.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number n)) {
            errors.add(FieldError.of("location." + field, "wrong_type", "number"));
            return null;
        }
        double d = n.doubleValue();
        return Double.isFinite(d) ? d : null;
    }

    private static Double parse(String text, String field, List<FieldError> errors) {
        if (text == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(text);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            errors.add(FieldError.of(field, "invalid_number"));
            return null;
        }
    }

    private static String unixLineBreaks(String text) {
        return text == null ? null : text.replace("\r\n", "\n");
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
