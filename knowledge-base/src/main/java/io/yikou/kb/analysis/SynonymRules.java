package io.yikou.kb.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymMap;

/**
 * Colloquial ↔ official term groups such as {@code 小广告, 非法张贴广告} in Solr synonym format:
 * one group of equivalent terms per line, {@code #} starts a comment. The same text feeds the Lucene
 * analyzers and the Elasticsearch {@code synonym_graph} filter, so both backends expand alike.
 *
 * @param text  the rules, one group per line
 * @param origin where the rules came from, for error messages
 */
public record SynonymRules(String text, String origin) {

    private static final String BUNDLED = "synonyms.txt";

    /** Returns the synonyms shipped with Yikou. */
    public static SynonymRules bundled() {
        try (InputStream in = SynonymRules.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("bundled resource io/yikou/kb/analysis/" + BUNDLED + " is missing");
            }
            return new SynonymRules(new String(in.readAllBytes(), StandardCharsets.UTF_8), "bundled " + BUNDLED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a district's own synonym file (UTF-8). */
    public static SynonymRules load(Path file) {
        try {
            return new SynonymRules(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read synonym file " + file, e);
        }
    }

    /** Returns the rule lines without comments and blank lines, as Elasticsearch takes them. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\\R")) {
            int hash = line.indexOf('#');
            String rule = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (!rule.isEmpty()) {
                lines.add(rule);
            }
        }
        return lines;
    }

    /**
     * Compiles the rules for one field, analysing each term with that field's index analyzer so
     * multi-token terms match the token sequence the query produces.
     *
     * @throws IllegalArgumentException naming the origin and the line that does not parse
     */
    public SynonymMap compile(Analyzer analyzer) {
        SolrSynonymParser parser = new SolrSynonymParser(true, true, analyzer);
        try (Reader reader = new StringReader(text)) {
            parser.parse(reader);
            return parser.build();
        } catch (ParseException e) {
            throw new IllegalArgumentException("invalid synonym rule in " + origin + " near line "
                    + e.getErrorOffset() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
