package io.yikou.server.replay;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads citizen messages from a CSV or JSONL file and turns each into a web-form request.
 *
 * <p>CSV files are recognised by their header: the 12345-style message export
 * ({@code title, detail, message_id}), the US 311 export ({@code SRType, Address, Latitude,
 * Longitude, ServiceRequestNum}), or a generic file with web-form column names ({@code type,
 * description, address, lat, lon, phone, id}). JSONL lines are web-form JSON bodies, optionally with
 * an {@code id} used as the idempotency key.
 */
final class ReplaySource {

    /** A line that could not be turned into a request. */
    record Problem(long line, String reason) {
    }

    private final Path file;
    private final String defaultType;
    private final String keyPrefix;

    ReplaySource(Path file, String defaultType) {
        this.file = file;
        this.defaultType = defaultType;
        this.keyPrefix = "replay:" + file.getFileName() + ":";
    }

    /** Reads every item, reporting unusable lines to {@code problems}; stops after {@code limit} items. */
    List<ReplayItem> read(long limit, Consumer<Problem> problems) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return readJsonl(limit, problems);
        }
        if (name.endsWith(".csv")) {
            return readCsv(limit, problems);
        }
        throw new IOException("unsupported file type " + file.getFileName() + "; expected .csv or .jsonl");
    }

    private List<ReplayItem> readJsonl(long limit, Consumer<Problem> problems) throws IOException {
        List<ReplayItem> items = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            long line = 0;
            while ((text = reader.readLine()) != null && items.size() < limit) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                try {
                    JsonObject body = new JsonObject(text);
                    Object id = body.remove("id");
                    body.put("consent", true);
                    if (!body.containsKey("type")) {
                        body.put("type", defaultType);
                    }
                    items.add(new ReplayItem(line, id == null ? keyPrefix + line : keyPrefix + id, body));
                } catch (DecodeException e) {
                    problems.accept(new Problem(line, "not a JSON object: " + e.getMessage()));
                }
            }
        }
        return items;
    }

    private List<ReplayItem> readCsv(long limit, Consumer<Problem> problems) throws IOException {
        List<ReplayItem> items = new ArrayList<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
                .get();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(in, format)) {
            Map<String, Integer> header = parser.getHeaderMap();
            Mapping mapping = Mapping.detect(header);
            if (mapping == null) {
                throw new IOException("unrecognised CSV header " + header.keySet()
                        + "; expected title/detail, SRType/Address or type/description columns");
            }
            Iterator<CSVRecord> rows = parser.iterator();
            while (rows.hasNext() && items.size() < limit) {
                CSVRecord row;
                try {
                    row = rows.next();
                } catch (RuntimeException e) {
                    problems.accept(new Problem(parser.getCurrentLineNumber(), "malformed CSV: " + e.getMessage()));
                    break;
                }
                try {
                    items.add(mapping.toItem(row, keyPrefix, defaultType));
                } catch (IllegalArgumentException e) {
                    problems.accept(new Problem(row.getRecordNumber(), e.getMessage()));
                }
            }
        }
        return items;
    }

    /** Column mapping from a recognised CSV export to web-form fields. */
    private enum Mapping {
        GOV_MESSAGES {
            @Override
            ReplayItem toItem(CSVRecord row, String prefix, String type) {
                String title = get(row, "title");
                String detail = get(row, "detail");
                String description = join(title, detail);
                JsonObject body = new JsonObject().put("type", type).put("description", description).put("consent", true);
                return new ReplayItem(row.getRecordNumber(), prefix + get(row, "message_id"), body);
            }
        },
        US311 {
            @Override
            ReplayItem toItem(CSVRecord row, String prefix, String type) {
                String address = get(row, "Address");
                String description = join(get(row, "SRType"), get(row, "Outcome"));
                JsonObject body = new JsonObject().put("type", type).put("description", description)
                        .put("address", address).put("consent", true);
                Double lat = number(get(row, "Latitude"));
                Double lon = number(get(row, "Longitude"));
                // Missing coordinates are written as the placeholder 39,-77 in this export.
                if (lat != null && lon != null && !(lat == 39.0 && lon == -77.0)) {
                    body.put("location", new JsonObject().put("lat", lat).put("lon", lon));
                }
                return new ReplayItem(row.getRecordNumber(), prefix + get(row, "ServiceRequestNum"), body);
            }
        },
        WEBFORM {
            @Override
            ReplayItem toItem(CSVRecord row, String prefix, String type) {
                JsonObject body = new JsonObject()
                        .put("type", blankTo(get(row, "type"), type))
                        .put("description", get(row, "description"))
                        .put("consent", true);
                putIfPresent(body, "category", get(row, "category"));
                putIfPresent(body, "address", get(row, "address"));
                putIfPresent(body, "phone", get(row, "phone"));
                Double lat = number(get(row, "lat"));
                Double lon = number(get(row, "lon"));
                if (lat != null && lon != null) {
                    body.put("location", new JsonObject().put("lat", lat).put("lon", lon));
                }
                String id = get(row, "id");
                return new ReplayItem(row.getRecordNumber(), prefix + (id == null ? row.getRecordNumber() : id), body);
            }
        };

        abstract ReplayItem toItem(CSVRecord row, String prefix, String type);

        static Mapping detect(Map<String, Integer> header) {
            if (header.containsKey("title") && header.containsKey("detail")) {
                return GOV_MESSAGES;
            }
            if (header.containsKey("SRType") && header.containsKey("ServiceRequestNum")) {
                return US311;
            }
            if (header.containsKey("description")) {
                return WEBFORM;
            }
            return null;
        }

        static String get(CSVRecord row, String column) {
            if (!row.isMapped(column) || !row.isSet(column)) {
                return null;
            }
            String value = row.get(column);
            return value == null || value.isBlank() ? null : value.strip();
        }

        static String join(String first, String second) {
            if (first == null) {
                return second;
            }
            return second == null ? first : first + "\n" + second;
        }

        static Double number(String text) {
            if (text == null) {
                return null;
            }
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                return null;
            }
        }

        static String blankTo(String text, String fallback) {
            return text == null ? fallback : text;
        }

        static void putIfPresent(JsonObject body, String field, String value) {
            if (value != null) {
                body.put(field, value);
            }
        }
    }
}
