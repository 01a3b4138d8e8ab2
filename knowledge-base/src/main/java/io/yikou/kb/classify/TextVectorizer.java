package io.yikou.kb.classify;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Turns a message into a sparse TF-IDF vector over a fixed vocabulary learnt from training texts.
 *
 * <p>Term weight is {@code (1 + ln tf) * idf} with the smoothed {@code idf = ln((1 + N) / (1 + df)) + 1}
 * (the formula scikit-learn's {@code TfidfVectorizer} uses with {@code sublinear_tf}), each block is
 * L2-normalised and scaled by its weight. Terms outside the vocabulary are ignored. Feature indices
 * start at 1, as LIBLINEAR expects. Immutable and thread-safe once built.
 */
public final class TextVectorizer {

    private static final Analyzer WORDS = new SmartChineseAnalyzer();

    private final FeatureSettings settings;
    private final Map<String, Integer> index;
    private final String[] terms;
    private final double[] idf;

    private TextVectorizer(FeatureSettings settings, String[] terms, double[] idf) {
        this.settings = settings;
        this.terms = terms;
        this.idf = idf;
        this.index = new HashMap<>(terms.length * 2);
        for (int i = 0; i < terms.length; i++) {
            if (index.put(terms[i], i) != null) {
                throw new IllegalArgumentException("vocabulary lists term '" + terms[i] + "' twice");
            }
        }
    }

    /** Learns the vocabulary and document frequencies of {@code examples}. */
    public static TextVectorizer fit(List<LabelledText> examples, FeatureSettings settings) {
        Map<String, Integer> documentFrequency = new HashMap<>();
        for (LabelledText example : examples) {
            for (FeatureBlock block : settings.blocks()) {
                for (String term : termCounts(block, example.title(), example.detail()).keySet()) {
                    documentFrequency.merge(term, 1, Integer::sum);
                }
            }
        }
        String[] kept = documentFrequency.entrySet().stream()
                .filter(e -> e.getValue() >= settings.minDocumentFrequency())
                .map(Map.Entry::getKey)
                .sorted()
                .toArray(String[]::new);
        double n = examples.size();
        double[] idf = new double[kept.length];
        for (int i = 0; i < kept.length; i++) {
            idf[i] = Math.log((1 + n) / (1 + documentFrequency.get(kept[i]))) + 1;
        }
        return new TextVectorizer(settings, kept, idf);
    }

    /** Rebuilds a vectorizer from a stored vocabulary, in feature order. */
    static TextVectorizer of(FeatureSettings settings, String[] terms, double[] idf) {
        if (terms.length != idf.length) {
            throw new IllegalArgumentException("vocabulary has " + terms.length + " terms but " + idf.length
                    + " idf values");
        }
        return new TextVectorizer(settings, terms.clone(), idf.clone());
    }

    /** Returns the feature vector of a message, sorted by index. */
    public Feature[] transform(String title, String detail) {
        List<FeatureNode> nodes = new ArrayList<>();
        for (FeatureBlock block : settings.blocks()) {
            int start = nodes.size();
            double squares = 0;
            for (Map.Entry<String, Integer> entry : termCounts(block, title, detail).entrySet()) {
                Integer position = index.get(entry.getKey());
                if (position == null) {
                    continue;
                }
                double value = (1 + Math.log(entry.getValue())) * idf[position];
                nodes.add(new FeatureNode(position + 1, value));
                squares += value * value;
            }
            if (squares > 0) {
                double scale = block.weight() / Math.sqrt(squares);
                for (int i = start; i < nodes.size(); i++) {
                    nodes.get(i).setValue(nodes.get(i).getValue() * scale);
                }
            }
        }
        Feature[] vector = nodes.toArray(Feature[]::new);
        Arrays.sort(vector, (a, b) -> Integer.compare(a.getIndex(), b.getIndex()));
        return vector;
    }

    public FeatureSettings settings() {
        return settings;
    }

    /** Returns the number of terms, which is also the highest feature index. */
    public int size() {
        return terms.length;
    }

    String term(int position) {
        return terms[position];
    }

    double idf(int position) {
        return idf[position];
    }

    private static Map<String, Integer> termCounts(FeatureBlock block, String title, String detail) {
        String text = switch (block.source()) {
            case TITLE -> TextNormalizer.normalize(title);
            case ALL -> TextNormalizer.normalize(title.isEmpty() ? detail : title + "\n" + detail);
            case OPENING -> opening(TextNormalizer.normalize(detail), block.openingChars());
        };
        Map<String, Integer> counts = new HashMap<>();
        if (text.isEmpty()) {
            return counts;
        }
        String prefix = block.name() + ":";
        if (block.kind() == FeatureBlock.Kind.CHARS) {
            // Offsets of code points, so an n-gram never splits a surrogate pair.
            int[] starts = new int[text.codePointCount(0, text.length()) + 1];
            for (int i = 0, offset = 0; offset < text.length(); i++) {
                starts[i] = offset;
                offset += Character.charCount(text.codePointAt(offset));
            }
            starts[starts.length - 1] = text.length();
            int units = starts.length - 1;
            for (int n = block.minN(); n <= block.maxN(); n++) {
                for (int i = 0; i + n <= units; i++) {
                    counts.merge(prefix.concat(text.substring(starts[i], starts[i + n])), 1, Integer::sum);
                }
            }
            return counts;
        }
        List<String> words = words(text);
        for (int n = block.minN(); n <= block.maxN(); n++) {
            for (int i = 0; i + n <= words.size(); i++) {
                String term = n == 1 ? words.get(i) : String.join(" ", words.subList(i, i + n));
                counts.merge(prefix.concat(term), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Returns the first {@code chars} code points of a text. */
    static String opening(String text, int chars) {
        if (text.length() <= chars) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, Math.min(chars, text.codePointCount(0, text.length()))));
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        try (TokenStream stream = WORDS.tokenStream("text", new StringReader(text))) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                words.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException("SmartChineseAnalyzer failed on an in-memory string", e);
        }
        return words;
    }
}
