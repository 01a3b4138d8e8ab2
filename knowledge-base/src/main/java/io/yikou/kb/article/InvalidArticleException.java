package io.yikou.kb.article;

import java.util.List;

/** An article draft with invalid fields; lists every problem. Expected input error, so no stack trace. */
public final class InvalidArticleException extends RuntimeException {

    private final List<ArticleDraft.Problem> problems;

    public InvalidArticleException(List<ArticleDraft.Problem> problems) {
        super(describe(problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<ArticleDraft.Problem> problems() {
        return problems;
    }

    private static String describe(List<ArticleDraft.Problem> problems) {
        StringBuilder text = new StringBuilder("invalid article: ");
        for (int i = 0; i < problems.size(); i++) {
            ArticleDraft.Problem p = problems.get(i);
            text.append(i == 0 ? "" : "; ").append(p.field()).append(' ').append(p.detail());
        }
        return text.toString();
    }
}
