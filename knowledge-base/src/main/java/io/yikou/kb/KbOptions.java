package io.yikou.kb;

import io.yikou.core.config.ConfigReader;
import io.yikou.core.config.EnvOverride;
import io.yikou.kb.search.QueryText;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code kb} configuration section. Every key is listed in {@code docs/configuration.md}.
 *
 * @param enabled          whether the knowledge-base module runs at all
 * @param backend          {@code lucene} (embedded, default) or {@code elasticsearch}
 * @param indexDir         Lucene index directory; empty means {@code <data-dir>/kb}
 * @param elasticsearch    Elasticsearch node URLs; required when the backend is elasticsearch
 * @param esIndex          Elasticsearch index name
 * @param esTimeout        Elasticsearch request timeout
 * @param synonymsFile     a district's own synonym file replacing the bundled one
 * @param demoContent      load the bundled starter articles when the store holds none
 * @param workers          worker threads that run searches and index writes
 * @param maxQueryLength   longest accepted query, in characters
 * @param feedbackRanking  let agents' useful/not-useful votes raise or lower an article
 * @param zone             time zone whose calendar day decides validity and review dates
 * @param historyEnabled   index tickets for history search and facets
 */
public record KbOptions(boolean enabled, String backend, Optional<Path> indexDir, List<URI> elasticsearch,
                        String esIndex, Duration esTimeout, Optional<Path> synonymsFile, boolean demoContent,
                        int workers, int maxQueryLength, boolean feedbackRanking, ZoneId zone,
                        boolean historyEnabled) {

    public static final String LUCENE = "lucene";
    public static final String ELASTICSEARCH = "elasticsearch";

    /** Environment variables for the keys operators most often set per deployment. */
    public static List<EnvOverride> envOverrides() {
        return List.of(
                new EnvOverride("YIKOU_KB_BACKEND", "kb.backend"),
                new EnvOverride("YIKOU_KB_ELASTICSEARCH_URLS", "kb.elasticsearch.urls"),
                new EnvOverride("YIKOU_KB_INDEX_DIR", "kb.index-dir"));
    }

    /** Reads the section; problems go to the reader. */
    public static KbOptions read(ConfigReader reader) {
        boolean enabled = reader.bool("kb.enabled", true);
        String backend = reader.oneOf("kb.backend", LUCENE, LUCENE, ELASTICSEARCH);
        Optional<Path> indexDir = reader.optionalString("kb.index-dir").map(Path::of);
        List<URI> urls = new ArrayList<>();
        for (String text : reader.stringList("kb.elasticsearch.urls", List.of())) {
            try {
                URI uri = URI.create(text);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    reader.problem("kb.elasticsearch.urls", text, "absolute http:// or https:// URLs of Elasticsearch nodes");
                } else {
                    urls.add(uri);
                }
            } catch (IllegalArgumentException e) {
                reader.problem("kb.elasticsearch.urls", text, "absolute http:// or https:// URLs of Elasticsearch nodes");
            }
        }
        if (enabled && ELASTICSEARCH.equals(backend) && urls.isEmpty()) {
            reader.problem("kb.elasticsearch.urls", "", "at least one URL when kb.backend is elasticsearch");
        }
        String esIndex = reader.string("kb.elasticsearch.index", "yikou-kb");
        Duration esTimeout = reader.duration("kb.elasticsearch.timeout", Duration.ofSeconds(5),
                Duration.ofMillis(100), Duration.ofMinutes(5));
        Optional<Path> synonyms = reader.optionalString("kb.synonyms-file").map(Path::of);
        boolean demo = reader.bool("kb.demo-content", true);
        int workers = reader.integer("kb.workers", 4, 1, 64);
        int maxQuery = reader.integer("kb.max-query-length", QueryText.DEFAULT_MAX_LENGTH, 10, 2000);
        boolean feedback = reader.bool("kb.feedback-ranking", true);
        ZoneId zone = reader.zone("kb.zone", ZoneId.of("Asia/Shanghai"));
        boolean history = reader.bool("kb.history.enabled", true);
        return new KbOptions(enabled, backend, indexDir, List.copyOf(urls), esIndex, esTimeout, synonyms, demo,
                workers, maxQuery, feedback, zone, history);
    }

    /** Options for tests: embedded Lucene in {@code indexDir}, no demo content. */
    public static KbOptions lucene(Path indexDir) {
        return new KbOptions(true, LUCENE, Optional.ofNullable(indexDir), List.of(), "yikou-kb", Duration.ofSeconds(5),
                Optional.empty(), false, 2, QueryText.DEFAULT_MAX_LENGTH, true, ZoneId.of("Asia/Shanghai"), true);
    }

    /** Returns a copy with another backend and Elasticsearch URLs. */
    public KbOptions withElasticsearch(List<URI> urls, String index) {
        return new KbOptions(enabled, ELASTICSEARCH, indexDir, List.copyOf(urls), index, esTimeout, synonymsFile,
                demoContent, workers, maxQueryLength, feedbackRanking, zone, historyEnabled);
    }

    /** Returns a copy with demo content switched on or off. */
    public KbOptions withDemoContent(boolean demo) {
        return new KbOptions(enabled, backend, indexDir, elasticsearch, esIndex, esTimeout, synonymsFile, demo,
                workers, maxQueryLength, feedbackRanking, zone, historyEnabled);
    }
}
