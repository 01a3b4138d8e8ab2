package io.yikou.kb.bench;

import io.yikou.core.redis.RedisServerProcess;
import io.yikou.kb.GuideArticles;
import io.yikou.kb.KbNode;
import io.yikou.kb.KnowledgeBase;
import io.yikou.kb.StarterArticles;
import io.yikou.kb.analysis.KbAnalyzers;
import io.yikou.kb.article.Article;
import io.yikou.kb.search.SearchQuery;
import io.yikou.kb.search.elasticsearch.ElasticsearchBackend;
import io.yikou.kb.search.elasticsearch.EsNodeExtension;
import io.yikou.kb.search.lucene.LuceneBackend;
import io.yikou.testkit.SharedData;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntConsumer;


/**
 * Search latency side by side: through the staff HTTP API (Lucene backend), straight on Lucene's
 * IndexSearcher with the same queries (the floor), and on an Elasticsearch 7.10 node through the
 * Elasticsearch backend. Not part of {@code mvn verify}; run as described in docs/benchmarks.md.
 *
 * <p>Arguments (all optional): corpus size (default 100000), measured requests per system (default
 * 5000), {@code --no-es} to skip Elasticsearch. Requests are sequential from one client thread, so
 * the figures are per-request latency, not throughput.
 */
public final class KbSearchBenchmark {

    /** Queries agents type: topics of the service guides and of the starter articles. */
    public static final List<String> QUERIES = List.of("社保", "医保报销", "身份证补办", "户口迁入", "营业执照", "出入境",
            "护照", "驾驶证", "机动车登记", "残疾人证", "最低生活保障", "养老保险", "住房公积金提取", "结婚登记",
            "出生医学证明", "教师资格认定", "建筑工程施工许可", "食品经营许可证", "税务登记", "暖气不热", "垃圾分类",
            "停车收费", "噪声扰民", "违法建设", "加装电梯", "无障碍", "小广告", "學院路 供暖", "望京", "居住证",
            "失业保险金申领", "药品经营许可", "职业资格证书", "道路运输许可", "档案查询", "不动产登记", "房屋租赁备案",
            "企业注销", "排污许可", "消防安全检查", "医疗机构执业许可", "特种设备", "户外广告设置", "占道施工许可",
            "城市绿化", "再生育审批", "计划生育奖励", "退役军人优待", "高龄津贴", "公共场所卫生许可");

    private static final String[] PLACES = {"广州市越秀区", "广州市天河区", "深圳市南山区", "深圳市福田区", "佛山市禅城区",
            "东莞市", "珠海市香洲区", "江门市蓬江区", "惠州市惠城区", "汕头市金平区", "中山市", "湛江市赤坎区"};
    private static final String[] VARIANTS = {"（新办）", "（变更）", "（延续）", "（注销）", "（补办）", "（换证）", "（备案）"};

    public static void main(String[] args) throws Exception {
        int corpusSize = args.length > 0 && !args[0].startsWith("--") ? Integer.parseInt(args[0]) : 100_000;
        int requests = args.length > 1 && !args[1].startsWith("--") ? Integer.parseInt(args[1]) : 5_000;
        boolean withEs = !Arrays.asList(args).contains("--no-es");

        List<Article> corpus = corpus(corpusSize);
        System.out.printf(Locale.ROOT, "corpus: %d articles%n", corpus.size());
        Path dir = Files.createTempDirectory("kb-bench");
        RedisServerProcess redis = new RedisServerProcess(dir.resolve("redis"), 0).start();
        KbNode node = null;
        EsNodeExtension es = null;
        ElasticsearchBackend elastic = null;
        try {
            node = KbNode.start(redis.url(), dir.resolve("node"), "bench", "demo-content: false\nhistory:\n  enabled: false\nworkers: 2");
            LuceneBackend lucene = (LuceneBackend) node.kb().backend();
            long started = System.nanoTime();
            for (int from = 0; from < corpus.size(); from += 5000) {
                lucene.upsert(corpus.subList(from, Math.min(corpus.size(), from + 5000)));
            }
            // KnowledgeBase compacts the index after a reconcile or import of 1,000 articles or more.
            lucene.compact();
            System.out.printf(Locale.ROOT, "lucene indexing: %.1f s, including the merge into one segment%n",
                    (System.nanoTime() - started) / 1e9);

            LocalDate today = node.kb().today();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            int port = node.port();
            List<HttpRequest> httpRequests = new ArrayList<>();
            for (String query : QUERIES) {
                httpRequests.add(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/kb/search?q="
                        + URLEncoder.encode(query, StandardCharsets.UTF_8)))
                        .header("Authorization", "Bearer " + KbNode.TOKEN).GET().build());
            }
            List<SearchQuery> queries = QUERIES.stream().map(q -> new SearchQuery(q, null, null, today, 0, 10)).toList();

            List<String> names = new ArrayList<>();
            List<IntConsumer> systems = new ArrayList<>();
            names.add("Lucene IndexSearcher.search, top 10 (floor)");
            systems.add(i -> lucene.searchRaw(queries.get(i % queries.size())));
            names.add("Lucene backend: search, feedback rescoring (none in this corpus), stored fields");
            systems.add(i -> lucene.search(queries.get(i % queries.size())));
            KnowledgeBase kb = node.kb();
            names.add("KnowledgeBase.search: worker-pool hop and highlighting, no HTTP");
            systems.add(i -> {
                try {
                    KbNode.await(kb.search(queries.get(i % queries.size())));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            names.add("HTTP API GET /api/v1/kb/search (Lucene, with highlighting), java.net.http client");
            systems.add(i -> {
                try {
                    HttpResponse<String> response = client.send(httpRequests.get(i % httpRequests.size()),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            // The same requests through a bare keep-alive socket, so the client's own cost is not counted.
            KeepAliveHttpClient plain = new KeepAliveHttpClient("127.0.0.1", port);
            List<String> paths = new ArrayList<>();
            for (String query : QUERIES) {
                paths.add("/api/v1/kb/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
            }
            names.add("HTTP API GET /api/v1/kb/search, plain keep-alive socket client");
            systems.add(i -> {
                try {
                    int status = plain.get(paths.get(i % paths.size()), "Bearer " + KbNode.TOKEN);
                    if (status != 200) {
                        throw new IllegalStateException("HTTP " + status + " for " + paths.get(i % paths.size()));
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });

            if (withEs && EsNodeExtension.launcherDir() != null) {
                es = new EsNodeExtension("2g");
                es.start();
                elastic = new ElasticsearchBackend(List.of(es.url()), "kb-bench", Duration.ofSeconds(60),
                        KbAnalyzers.withBundledSynonyms());
                elastic.open();
                started = System.nanoTime();
                for (int from = 0; from < corpus.size(); from += 5000) {
                    elastic.upsert(corpus.subList(from, Math.min(corpus.size(), from + 5000)));
                }
                System.out.printf(Locale.ROOT, "elasticsearch indexing: %.1f s%n", (System.nanoTime() - started) / 1e9);
                ElasticsearchBackend esBackend = elastic;
                names.add("Elasticsearch 7.10 node via the backend (REST + JSON)");
                systems.add(i -> esBackend.search(queries.get(i % queries.size())));
            }
            List<String> rows = measureInterleaved(names, systems, requests);
            System.out.println();
            System.out.printf(Locale.ROOT, "load average at the end: %s%n",
                    Files.readString(Path.of("/proc/loadavg")).trim());
            System.out.println("| system | requests | p50 ms | p90 ms | p99 ms | max ms |");
            System.out.println("|---|---|---|---|---|---|");
            rows.forEach(System.out::println);
        } finally {
            if (elastic != null) {
                elastic.close();
            }
            if (es != null) {
                es.close();
            }
            if (node != null) {
                node.close();
            }
            redis.close();
            deleteRecursively(dir);
        }
        System.exit(0);
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /**
     * Warms every system up, then times them in turns (request i on each system before request
     * i + 1), so a change in machine load affects all of them alike. Returns one table row each.
     */
    private static List<String> measureInterleaved(List<String> names, List<IntConsumer> systems, int count) {
        int warmup = Math.max(500, count / 5);
        for (int i = 0; i < warmup; i++) {
            for (IntConsumer system : systems) {
                system.accept(i);
            }
        }
        long[][] nanos = new long[systems.size()][count];
        for (int i = 0; i < count; i++) {
            for (int s = 0; s < systems.size(); s++) {
                long start = System.nanoTime();
                systems.get(s).accept(i);
                nanos[s][i] = System.nanoTime() - start;
            }
        }
        List<String> rows = new ArrayList<>();
        for (int s = 0; s < systems.size(); s++) {
            long[] sorted = nanos[s];
            Arrays.sort(sorted);
            rows.add(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f | %.2f |", names.get(s), count,
                    percentile(sorted, 0.50), percentile(sorted, 0.90), percentile(sorted, 0.99),
                    sorted[count - 1] / 1e6));
        }
        return rows;
    }

    private static double percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    /**
     * Builds the corpus: the starter articles and the real guides, then generated variants of the
     * guides up to {@code size}. Each variant names another city or district and a kind of
     * procedure, and reorders the body's lines, so documents differ in terms and lengths.
     */
    public static List<Article> corpus(int size) throws Exception {
        Path file = SharedData.root().map(root -> root.resolve(GuideArticles.FILE)).filter(Files::exists)
                .orElseThrow(() -> new IllegalStateException("the shared guides file is missing: " + GuideArticles.FILE));
        List<Article> guides = GuideArticles.read(file);
        List<Article> corpus = new ArrayList<>(size);
        corpus.addAll(StarterArticles.load());
        corpus.addAll(guides);
        Random random = new Random(96010);
        for (int i = 0; corpus.size() < size; i++) {
            Article g = guides.get(i % guides.size());
            String place = PLACES[random.nextInt(PLACES.length)];
            String variant = VARIANTS[random.nextInt(VARIANTS.length)];
            List<String> lines = new ArrayList<>(List.of(g.body().split("\n")));
            java.util.Collections.shuffle(lines, random);
            String body = place + g.department() + "办理。\n" + String.join("\n", lines);
            corpus.add(new Article("v-" + i, place + g.title() + variant, body, g.category(), g.department(), g.tags(),
                    null, null, g.owner(), g.source(), null, false, g.createdAt(), g.updatedAt(), 1));
        }
        return corpus;
    }
}
