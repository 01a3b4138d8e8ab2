package io.yikou.kb.analysis;

import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.Transliterator;
import java.io.Reader;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;

/**
 * Folds traditional Chinese characters to simplified ones and full-width ASCII to half-width,
 * before tokenization, as a Lucene {@link MappingCharFilter}.
 *
 * <p>Folding happens in a char filter and not in a token filter because SmartChineseAnalyzer's
 * segmenter only knows simplified words: {@code 海淀區學院路} without folding splits into single
 * characters, so a traditional query never meets the simplified index term {@code 学院}. The char
 * filter records every length change, so token offsets still point into the original text even
 * where a mapping changes the number of UTF-16 units (a supplementary character, for example).
 *
 * <p>The traditional-to-simplified table is ICU's {@code Traditional-Simplified} transform applied
 * to each CJK ideograph one at a time (phrase-level conversions such as 乾隆 are out of scope), plus
 * NFKC for CJK compatibility ideographs. It is built once per JVM, on first use. Thread-safe.
 */
public final class ChineseFolding {

    private static final int[][] CJK_RANGES = {
            {0x3400, 0x4DBF},   // Extension A
            {0x4E00, 0x9FFF},   // Unified Ideographs
            {0xF900, 0xFAFF},   // Compatibility Ideographs
    };

    private static volatile NormalizeCharMap map;
    private static volatile java.util.Map<String, String> ideographs;

    private ChineseFolding() {
    }

    /** Wraps a reader so that everything read from it is folded. */
    public static Reader wrap(Reader reader) {
        return new MappingCharFilter(charMap(), reader);
    }

    /** Folds a string, for code that compares text outside an analyzer. */
    public static String fold(String text) {
        StringBuilder out = new StringBuilder(text.length());
        try (Reader reader = wrap(new java.io.StringReader(text))) {
            char[] buffer = new char[512];
            int read;
            while ((read = reader.read(buffer)) > 0) {
                out.append(buffer, 0, read);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Returns the mapping table, building it on first use. */
    public static NormalizeCharMap charMap() {
        NormalizeCharMap result = map;
        if (result == null) {
            synchronized (ChineseFolding.class) {
                result = map;
                if (result == null) {
                    result = build();
                    map = result;
                }
            }
        }
        return result;
    }

    /**
     * Returns the traditional-to-simplified pairs (and compatibility ideographs to unified ones),
     * for the Elasticsearch {@code mapping} char filter; full-width folding is left out there
     * because Elasticsearch's {@code cjk_width} filter does it.
     */
    public static java.util.Map<String, String> ideographPairs() {
        charMap();
        return ideographs;
    }

    private static NormalizeCharMap build() {
        NormalizeCharMap.Builder builder = new NormalizeCharMap.Builder();
        java.util.Map<String, String> pairs = new java.util.TreeMap<>();

        // Full-width ASCII variants (U+FF01..U+FF5E) and the ideographic space.
        for (int c = 0xFF01; c <= 0xFF5E; c++) {
            builder.add(String.valueOf((char) c), String.valueOf((char) (c - 0xFEE0)));
        }
        builder.add("\u3000", " ");

        Transliterator toSimplified = Transliterator.getInstance("Traditional-Simplified");
        Normalizer2 nfkc = Normalizer2.getNFKCInstance();
        for (int[] range : CJK_RANGES) {
            for (int cp = range[0]; cp <= range[1]; cp++) {
                String original = new String(Character.toChars(cp));
                String folded = toSimplified.transliterate(nfkc.normalize(original));
                if (!folded.equals(original) && !folded.isEmpty()) {
                    builder.add(original, folded);
                    pairs.put(original, folded);
                }
            }
        }
        ideographs = java.util.Collections.unmodifiableMap(pairs);
        return builder.build();
    }
}
