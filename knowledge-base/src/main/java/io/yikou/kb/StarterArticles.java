package io.yikou.kb;

import io.yikou.kb.article.Article;
import io.yikou.kb.article.ArticleImporter;
import io.yikou.kb.article.ImportFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The starter 96010 knowledge base shipped as demo content: Markdown articles with front matter
 * under {@code io/yikou/kb/demo/}, listed in {@code index.txt} there (a classpath directory cannot
 * be listed inside a jar).
 */
public final class StarterArticles {

    private static final String DIR = "/io/yikou/kb/demo/";

    private StarterArticles() {
    }

    /**
     * Parses every starter article.
     *
     * @throws io.yikou.kb.article.ImportException when a bundled article is invalid (a build defect)
     */
    public static List<Article> load() {
        ArticleImporter importer = new ArticleImporter();
        List<Article> articles = new ArrayList<>();
        for (String name : read("index.txt").split("\\R")) {
            String file = name.strip();
            if (file.isEmpty() || file.startsWith("#")) {
                continue;
            }
            articles.addAll(importer.parse(ImportFormat.MARKDOWN, read(file), "demo/" + file));
        }
        return articles;
    }

    private static String read(String name) {
        try (InputStream in = StarterArticles.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("bundled starter article " + DIR + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
