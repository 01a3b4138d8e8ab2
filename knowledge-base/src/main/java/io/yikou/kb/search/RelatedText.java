package io.yikou.kb.search;

import java.util.List;

/**
 * Turns a ticket description or conversation into a search text for "related articles": drops the
 * formulaic words of hotline records (来电人, 反映, 希望尽快解决 ...), which would otherwise match
 * articles about the hotline itself, and keeps the first {@link #MAX_LENGTH} characters, where
 * citizens usually state the matter. Both backends then run it as an ordinary search, so related
 * articles rank with the same analysis and synonyms as a typed query.
 */
public final class RelatedText {

    /** Characters of the cleaned text used as the query. */
    public static final int MAX_LENGTH = 100;

    private static final List<String> BOILERPLATE = List.of("来电人", "来电", "市民", "诉求", "反映", "表示", "称",
            "希望", "要求", "请求", "尽快", "解决", "处理", "问题", "情况", "有关部门", "相关部门", "管一管", "您好", "你好",
            "谢谢");

    private RelatedText() {
    }

    /** Returns the search text, or an empty string when nothing informative is left. */
    public static String of(String text) {
        String cleaned = text;
        for (String word : BOILERPLATE) {
            cleaned = cleaned.replace(word, " ");
        }
        QueryText.Result result = QueryText.clean(cleaned, Integer.MAX_VALUE);
        if (!(result instanceof QueryText.Ok ok)) {
            return "";
        }
        String query = ok.text();
        if (query.codePointCount(0, query.length()) > MAX_LENGTH) {
            query = query.substring(0, query.offsetByCodePoints(0, MAX_LENGTH));
        }
        return query;
    }
}
