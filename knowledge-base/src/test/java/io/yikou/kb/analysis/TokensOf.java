package io.yikou.kb.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/** Runs an analyzer and records each token as {@code term[start-end]} with its position increment. */
final class TokensOf {

    record Token(String term, int start, int end, int positionIncrement) {
        @Override
        public String toString() {
            return term + "[" + start + "-" + end + "]" + (positionIncrement == 1 ? "" : "+" + positionIncrement);
        }
    }

    private TokensOf() {
    }

    static List<Token> analyze(Analyzer analyzer, String text) {
        List<Token> tokens = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream("body", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
            PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                tokens.add(new Token(term.toString(), offset.startOffset(), offset.endOffset(),
                        increment.getPositionIncrement()));
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tokens;
    }

    /** Returns the tokens as {@code term[start-end]} strings, with {@code +N} for position gaps other than 1. */
    static List<String> describe(Analyzer analyzer, String text) {
        return analyze(analyzer, text).stream().map(Token::toString).toList();
    }
}
