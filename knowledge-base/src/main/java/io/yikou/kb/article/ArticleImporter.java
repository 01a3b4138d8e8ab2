package io.yikou.kb.article;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Parses import files into validated articles, all or nothing: either every record is valid and
 * the whole list is returned, or an {@link ImportException} lists every problem with its line.
 *
 * <p>Field names are the same in every format: {@code id, title, body, category, department, tags,
 * valid_from, valid_to, owner, source, review_due}. In CSV, {@code tags} is one cell with tags
 * separated by {@code ;} or {@code ；}. Stateless and thread-safe.
 */
public final class ArticleImporter {

    /** Maximum number of articles in one import. */
    public static final int MAX_ARTICLES = 20_000;

    private static final Set<String> FIELDS = Set.of("id", "title", "body", "category", "department", "tags",
            "valid_from", "valid_to", "owner", "source", "review_due");
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final ObjectMapper YAML = YAMLMapper.builder().build();

    /**
     * Parses a file's text.
     *
     * @param source file name or other label for messages
     * @throws ImportException listing every problem; nothing is returned then
     */
    public List<Article> parse(ImportFormat format, String text, String source) {
        List<ImportException.Problem> problems = new ArrayList<>();
        List<Parsed> parsed = switch (format) {
            case MARKDOWN -> markdown(text, problems);
            case CSV -> csv(text, problems);
            case JSONL -> jsonl(text, problems);
        };
        if (parsed.size() > MAX_ARTICLES) {
            problems.add(new ImportException.Problem(parsed.get(MAX_ARTICLES).line(), null,
                    "more than " + MAX_ARTICLES + " articles in one file; split it"));
        }

        // Validate every record and report duplicate ids at their second occurrence.
        List<Article> articles = new ArrayList<>(parsed.size());
        Map<String, Integer> firstLine = new HashMap<>();
        for (Parsed record : parsed) {
            try {
                Article article = record.draft().validate();
                Integer earlier = firstLine.putIfAbsent(article.id(), record.line());
                if (earlier != null) {
                    problems.add(new ImportException.Problem(record.line(), "id",
                            "id '" + article.id() + "' already used on line " + earlier));
                }
                articles.add(article);
            } catch (InvalidArticleException e) {
                for (ArticleDraft.Problem p : e.problems()) {
                    problems.add(new ImportException.Problem(record.fieldLines().getOrDefault(p.field(), record.line()),
                            p.field(), p.detail()));
                }
            }
        }
        if (parsed.isEmpty() && problems.isEmpty()) {
            problems.add(new ImportException.Problem(1, null, "the file holds no article"));
        }
        if (!problems.isEmpty()) {
            problems.sort((a, b) -> Integer.compare(a.line(), b.line()));
            throw new ImportException(source, problems);
        }
        return articles;
    }

    /** A draft with the line it starts on and, where known, the line of each field. */
    private record Parsed(int line, ArticleDraft draft, Map<String, Integer> fieldLines) {
    }

    private static List<Parsed> markdown(String text, List<ImportException.Problem> problems) {
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        int start = 0;
        while (start < lines.length && lines[start].isBlank()) {
            start++;
        }
        if (start >= lines.length || !lines[start].strip().equals("---")) {
            problems.add(new ImportException.Problem(start + 1, null,
                    "expected front matter: a line '---', YAML fields, and a closing '---'"));
            return List.of();
        }
        int end = start + 1;
        while (end < lines.length && !lines[end].strip().equals("---")) {
            end++;
        }
        if (end >= lines.length) {
            problems.add(new ImportException.Problem(start + 1, null, "front matter opened here is never closed by '---'"));
            return List.of();
        }
        String yaml = String.join("\n", java.util.Arrays.copyOfRange(lines, start + 1, end));
        JsonNode front;
        try {
            front = yaml.isBlank() ? JSON.createObjectNode() : YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? start + 1 : start + 1 + e.getLocation().getLineNr();
            problems.add(new ImportException.Problem(line, null, "front matter is not valid YAML: " + e.getOriginalMessage()));
            return List.of();
        }
        if (!front.isObject()) {
            problems.add(new ImportException.Problem(start + 2, null, "front matter must be a mapping of field: value"));
            return List.of();
        }
        Map<String, Integer> fieldLines = new HashMap<>();
        for (int i = start + 1; i < end; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0 && !Character.isWhitespace(lines[i].charAt(0))) {
                fieldLines.putIfAbsent(lines[i].substring(0, colon).strip(), i + 1);
            }
        }
        String body = String.join("\n", java.util.Arrays.copyOfRange(lines, end + 1, lines.length));
        if (front.has("body")) {
            problems.add(new ImportException.Problem(fieldLines.getOrDefault("body", start + 1), "body",
                    "the body is the Markdown after the front matter, not a front-matter field"));
        }
        fieldLines.put("body", end + 2);
        ArticleDraft draft = draftFrom(front, body, start + 1, fieldLines, problems);
        return draft == null ? List.of() : List.of(new Parsed(start + 1, draft, fieldLines));
    }

    private static List<Parsed> csv(String text, List<ImportException.Problem> problems) {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setTrim(false).get();
        List<Parsed> parsed = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(stripBom(text)), format)) {
            List<String> header = parser.getHeaderNames();
            for (String name : header) {
                if (!FIELDS.contains(name.strip())) {
                    problems.add(new ImportException.Problem(1, name, "unknown column; expected some of " + FIELDS));
                }
            }
            if (!header.contains("id") || !header.contains("title") || !header.contains("body")) {
                problems.add(new ImportException.Problem(1, null, "the header must name at least id, title and body"));
                return List.of();
            }
            long nextLine = parser.getCurrentLineNumber() + 1;
            Iterator<CSVRecord> records = parser.iterator();
            while (true) {
                int line = (int) nextLine;
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (RuntimeException e) {
                    problems.add(new ImportException.Problem(line, null, "unreadable CSV: " + rootMessage(e)));
                    return parsed;
                }
                nextLine = parser.getCurrentLineNumber() + 1;
                if (!record.isConsistent()) {
                    problems.add(new ImportException.Problem(line, null, "has " + record.size()
                            + " cells but the header names " + header.size() + " columns"));
                    continue;
                }
                Map<String, String> cells = record.toMap();
                List<String> tags = new ArrayList<>();
                String tagCell = cells.get("tags");
                if (tagCell != null) {
                    for (String tag : tagCell.split("[;；]")) {
                        if (!tag.isBlank()) {
                            tags.add(tag.strip());
                        }
                    }
                }
                parsed.add(new Parsed(line, new ArticleDraft(cells.get("id"), cells.get("title"), cells.get("body"),
                        cells.get("category"), cells.get("department"), tags, cells.get("valid_from"),
                        cells.get("valid_to"), cells.get("owner"), cells.get("source"), cells.get("review_due")),
                        Map.of()));
            }
        } catch (IOException | RuntimeException e) {
            problems.add(new ImportException.Problem(1, null, "unreadable CSV: " + rootMessage(e)));
        }
        return parsed;
    }

    private static List<Parsed> jsonl(String text, List<ImportException.Problem> problems) {
        List<Parsed> parsed = new ArrayList<>();
        String[] lines = stripBom(text).split("\\r?\\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int line = i + 1;
            if (lines[i].isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(lines[i]);
            } catch (JsonProcessingException e) {
                problems.add(new ImportException.Problem(line, null, "not valid JSON: " + e.getOriginalMessage()));
                continue;
            }
            if (node == null || !node.isObject()) {
                problems.add(new ImportException.Problem(line, null, "expected one JSON object per line"));
                continue;
            }
            JsonNode body = node.get("body");
            ArticleDraft draft = draftFrom(node, body == null || body.isNull() ? null : body.asText(), line,
                    Map.of(), problems);
            if (draft != null) {
                parsed.add(new Parsed(line, draft, Map.of()));
            }
        }
        return parsed;
    }

    /** Builds a draft from front matter or a JSON object; reports unknown fields and wrong types. */
    private static ArticleDraft draftFrom(JsonNode node, String body, int line, Map<String, Integer> fieldLines,
                                          List<ImportException.Problem> problems) {
        int before = problems.size();
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                problems.add(new ImportException.Problem(fieldLines.getOrDefault(name, line), name,
                        "unknown field; expected some of " + FIELDS));
            }
        }
        List<String> tags = new ArrayList<>();
        JsonNode tagNode = node.get("tags");
        if (tagNode != null && !tagNode.isNull()) {
            if (tagNode.isArray()) {
                tagNode.forEach(t -> tags.add(t.asText()));
            } else if (tagNode.isValueNode()) {
                for (String tag : tagNode.asText().split("[;；,，]")) {
                    tags.add(tag.strip());
                }
            } else {
                problems.add(new ImportException.Problem(fieldLines.getOrDefault("tags", line), "tags",
                        "expected a list of words"));
            }
        }
        String[] scalar = {"id", "title", "category", "department", "valid_from", "valid_to", "owner", "source",
                "review_due"};
        Map<String, String> values = new HashMap<>();
        for (String name : scalar) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                continue;
            }
            if (!value.isValueNode()) {
                problems.add(new ImportException.Problem(fieldLines.getOrDefault(name, line), name,
                        "expected a single value, not a list or a mapping"));
                continue;
            }
            values.put(name, value.asText());
        }
        if (problems.size() > before) {
            return null;
        }
        return new ArticleDraft(values.get("id"), values.get("title"), body, values.get("category"),
                values.get("department"), tags, values.get("valid_from"), values.get("valid_to"), values.get("owner"),
                values.get("source"), values.get("review_due"));
    }

    private static String stripBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return String.valueOf(cause.getMessage());
    }
}
