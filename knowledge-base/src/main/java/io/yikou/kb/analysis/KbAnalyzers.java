package io.yikou.kb.analysis;

import java.io.Reader;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.DelegatingAnalyzerWrapper;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.cn.smart.HMMChineseTokenizer;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;

/**
 * The analysis chains of the knowledge base. Every text field is indexed twice:
 *
 * <ul>
 *   <li>{@code <field>} with SmartChineseAnalyzer's word segmentation (HMM tokenizer, lower case,
 *       its stop words, Porter stemming for Latin words), which ranks whole words well;</li>
 *   <li>{@code <field>_bigram} with overlapping CJK bigrams ({@code 望京西路} → 望京, 京西, 西路), which
 *       recalls place names the segmenter splits wrongly (it gives 望 | 京西 | 路).</li>
 * </ul>
 *
 * <p>Both chains start with {@link ChineseFolding} (traditional → simplified, full width → half
 * width), so offsets always refer to the original text. Query-time chains add the synonym groups
 * with {@link SynonymGraphFilter}; index-time chains do not, so editing synonyms needs no reindex.
 *
 * <p>Instances are immutable and thread-safe, like Lucene analyzers.
 */
public final class KbAnalyzers {

    /** Suffix of the bigram twin of each text field. */
    public static final String BIGRAM_SUFFIX = "_bigram";

    private final Analyzer smartIndex;
    private final Analyzer bigramIndex;
    private final Analyzer smartQuery;
    private final Analyzer bigramQuery;
    private final Analyzer perFieldIndex;
    private final Analyzer perFieldQuery;
    private final SynonymRules synonyms;

    public KbAnalyzers(SynonymRules synonyms) {
        this.synonyms = synonyms;
        this.smartIndex = new SmartAnalyzer(null);
        this.bigramIndex = new BigramAnalyzer(null);
        this.smartQuery = new SmartAnalyzer(synonyms.compile(smartIndex));
        this.bigramQuery = new BigramAnalyzer(synonyms.compile(bigramIndex));
        this.perFieldIndex = perField(smartIndex, bigramIndex);
        this.perFieldQuery = perField(smartQuery, bigramQuery);
    }

    /** Returns analyzers with the bundled synonyms. */
    public static KbAnalyzers withBundledSynonyms() {
        return new KbAnalyzers(SynonymRules.bundled());
    }

    public SynonymRules synonyms() {
        return synonyms;
    }

    /** Word-segmenting chain used at index time. */
    public Analyzer smartIndex() {
        return smartIndex;
    }

    /** Bigram chain used at index time. */
    public Analyzer bigramIndex() {
        return bigramIndex;
    }

    /** Word-segmenting chain with synonyms, for queries. */
    public Analyzer smartQuery() {
        return smartQuery;
    }

    /** Bigram chain with synonyms, for queries. */
    public Analyzer bigramQuery() {
        return bigramQuery;
    }

    /** Tells whether a field name is the bigram twin of a text field. */
    public static boolean isBigramField(String field) {
        return field.endsWith(BIGRAM_SUFFIX);
    }

    /** Index-time analyzer for documents: the bigram chain for {@code *_bigram} fields, else the smart one. */
    public Analyzer perFieldIndex() {
        return perFieldIndex;
    }

    /** Query-time counterpart of {@link #perFieldIndex()}. */
    public Analyzer perFieldQuery() {
        return perFieldQuery;
    }

    private static Analyzer perField(Analyzer smart, Analyzer bigram) {
        return new DelegatingAnalyzerWrapper(Analyzer.PER_FIELD_REUSE_STRATEGY) {
            @Override
            protected Analyzer getWrappedAnalyzer(String fieldName) {
                return isBigramField(fieldName) ? bigram : smart;
            }
        };
    }

    /** Word segmentation as in SmartChineseAnalyzer, behind the folding char filter. */
    private static final class SmartAnalyzer extends Analyzer {
        private final SynonymMap synonyms;

        SmartAnalyzer(SynonymMap synonyms) {
            this.synonyms = synonyms;
        }

        @Override
        protected Reader initReader(String fieldName, Reader reader) {
            return ChineseFolding.wrap(reader);
        }

        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer tokenizer = new HMMChineseTokenizer();
            TokenStream stream = new LowerCaseFilter(tokenizer);
            stream = new StopFilter(stream, SmartChineseAnalyzer.getDefaultStopSet());
            stream = new PorterStemFilter(stream);
            if (synonyms != null) {
                stream = new SynonymGraphFilter(stream, synonyms, true);
            }
            return new TokenStreamComponents(tokenizer, stream);
        }

        @Override
        protected TokenStream normalize(String fieldName, TokenStream in) {
            return new LowerCaseFilter(in);
        }
    }

    /** Overlapping CJK bigrams; a lone CJK character stays a unigram. */
    private static final class BigramAnalyzer extends Analyzer {
        private final SynonymMap synonyms;

        BigramAnalyzer(SynonymMap synonyms) {
            this.synonyms = synonyms;
        }

        @Override
        protected Reader initReader(String fieldName, Reader reader) {
            return ChineseFolding.wrap(reader);
        }

        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer tokenizer = new StandardTokenizer();
            TokenStream stream = new CJKWidthFilter(tokenizer);
            stream = new LowerCaseFilter(stream);
            stream = new CJKBigramFilter(stream);
            if (synonyms != null) {
                stream = new SynonymGraphFilter(stream, synonyms, true);
            }
            return new TokenStreamComponents(tokenizer, stream);
        }

        @Override
        protected TokenStream normalize(String fieldName, TokenStream in) {
            return new LowerCaseFilter(new CJKWidthFilter(in));
        }
    }
}
