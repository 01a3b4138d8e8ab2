package io.yikou.kb.search;

import io.yikou.kb.analysis.KbAnalyzers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * Marks query matches in stored article text, the same way for every backend.
 *
 * <p>The text is re-analysed with the bigram index chain and each token whose term is one of the
 * query's terms (synonyms included) is marked. Offsets come from the analyzer, whose folding char
 * filter corrects them, so a match always points into the original text: a traditional
 * {@code 學院路} is marked when the query was {@code 学院路}, and full-width {@code １２３４５} when it was
 * {@code 12345}. Only the first {@link #MAX_ANALYZED_CHARS} characters of a field are examined.
 * Thread-safe.
 */
public final class Highlighter {

    /** Characters of a field examined for matches; later matches are not marked. */
    public static final int MAX_ANALYZED_CHARS = 10_000;

    private static final String FIELD = "body" + KbAnalyzers.BIGRAM_SUFFIX;

    private final KbAnalyzers analyzers;

    public Highlighter(KbAnalyzers analyzers) {
        this.analyzers = analyzers;
    }

    /** The terms a query is matched by, computed once per request. */
    public record QueryTerms(Set<String> terms, Set<Integer> singleCharacters) {
        public boolean isEmpty() {
            return terms.isEmpty() && singleCharacters.isEmpty();
        }
    }

    /** Analyses a query with the bigram query chain, synonyms included. */
    public QueryTerms termsOf(String query) {
        Set<String> terms = new HashSet<>();
        Set<Integer> singles = new HashSet<>();
        forEachToken(analyzers.bigramQuery(), query, Integer.MAX_VALUE, (term, start, end) -> {
            terms.add(term);
            if (term.codePointCount(0, term.length()) == 1 && Character.isIdeographic(term.codePointAt(0))) {
                singles.add(term.codePointAt(0));
            }
        });
        return new QueryTerms(Set.copyOf(terms), Set.copyOf(singles));
    }

    /** Returns the matched spans of {@code text}, merged and sorted, as offsets into {@code text}. */
    public List<Span> spans(String text, QueryTerms query) {
        List<Span> raw = new ArrayList<>();
        if (text == null || text.isEmpty() || query.isEmpty()) {
            return raw;
        }
        forEachToken(analyzers.bigramIndex(), text, MAX_ANALYZED_CHARS, (term, start, end) -> {
            if (query.terms().contains(term)) {
                raw.add(new Span(start, end));
                return;
            }
            if (query.singleCharacters().isEmpty() || term.codePointCount(0, term.length()) != 2) {
                return;
            }
            // A one-character query term matches either character of a bigram.
            if (query.singleCharacters().contains(term.codePointAt(0))) {
                raw.add(new Span(start, start + Character.charCount(text.codePointAt(start))));
            }
            if (query.singleCharacters().contains(term.codePointAt(term.offsetByCodePoints(0, 1)))) {
                raw.add(new Span(end - Character.charCount(text.codePointBefore(end)), end));
            }
        });
        return Span.merge(raw);
    }

    /** Highlights a whole short field such as a title. */
    public Fragment whole(String text, QueryTerms query) {
        return whole(text, spans(text, query));
    }

    /** Highlights a whole short field with matches already known. */
    public static Fragment whole(String text, List<Span> spans) {
        return Fragment.of(text, 0, text.length(), spans);
    }

    /**
     * Picks up to {@code count} fragments of about {@code size} characters around the densest
     * matches, in text order; with no match, returns the start of the text.
     */
    public List<Fragment> fragments(String text, QueryTerms query, int count, int size) {
        return fragments(text, spans(text, query), count, size);
    }

    /** Like {@link #fragments(String, QueryTerms, int, int)}, with matches already known. */
    public static List<Fragment> fragments(String text, List<Span> spans, int count, int size) {
        if (spans.isEmpty()) {
            int end = boundedEnd(text, 0, size);
            return List.of(Fragment.of(text, 0, end, List.of()));
        }
        List<Fragment> chosen = new ArrayList<>();
        List<Span> remaining = new ArrayList<>(spans);
        while (chosen.size() < count && !remaining.isEmpty()) {
            // Choose the window start (at a span) that covers the most matched characters.
            int bestStart = 0;
            int bestCovered = -1;
            for (Span anchor : remaining) {
                int windowStart = Math.max(0, anchor.start() - size / 4);
                int windowEnd = boundedEnd(text, windowStart, size);
                int covered = 0;
                for (Span span : remaining) {
                    if (span.start() >= windowStart && span.end() <= windowEnd) {
                        covered += span.end() - span.start();
                    }
                }
                if (covered > bestCovered) {
                    bestCovered = covered;
                    bestStart = windowStart;
                }
            }
            int start = alignStart(text, bestStart);
            int end = boundedEnd(text, start, size);
            List<Span> inside = new ArrayList<>();
            for (Span span : remaining) {
                if (span.start() >= start && span.end() <= end) {
                    inside.add(span);
                }
            }
            remaining.removeAll(inside);
            remaining.removeIf(span -> span.start() < end && span.end() > start);
            chosen.add(Fragment.of(text, start, end, inside));
        }
        chosen.sort((a, b) -> Integer.compare(a.start(), b.start()));
        return chosen;
    }

    private static int alignStart(String text, int start) {
        return start > 0 && Character.isLowSurrogate(text.charAt(start)) ? start - 1 : start;
    }

    private static int boundedEnd(String text, int start, int size) {
        int end = Math.min(text.length(), start + size);
        return end < text.length() && Character.isLowSurrogate(text.charAt(end)) ? end + 1 : end;
    }

    @FunctionalInterface
    private interface TokenSink {
        void accept(String term, int start, int end);
    }

    private static void forEachToken(Analyzer analyzer, String text, int maxChars, TokenSink sink) {
        String input = text.length() > maxChars ? text.substring(0, boundedEnd(text, 0, maxChars)) : text;
        try (TokenStream stream = analyzer.tokenStream(FIELD, input)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                sink.accept(term.toString(), offset.startOffset(), offset.endOffset());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException("analysing text for highlighting failed", e);
        }
    }
}
