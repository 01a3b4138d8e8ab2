package io.yikou.kb.classify;

import io.yikou.core.category.Category;
import io.yikou.core.category.CategoryTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Suggests a ticket's demand type and category: types from {@link TypeSuggester}, categories from a
 * trained {@link CategoryModel} mapped onto the district tree. Without a model only types are
 * suggested. Thread-safe.
 */
public final class TicketClassifier {

    private final Optional<CategoryModel> model;
    private final CategoryMapping mapping;
    private final TypeSuggester types = new TypeSuggester();

    public TicketClassifier(Optional<CategoryModel> model, CategoryTree tree) {
        this.model = model;
        this.mapping = CategoryMapping.of(model.map(CategoryModel::labels).orElse(List.of()), tree);
    }

    public Optional<CategoryModel> model() {
        return model;
    }

    /** Suggests at most {@code limit} types and categories for a text and its optional title. */
    public Suggestions classify(String title, String text, int limit) {
        List<TypeSuggester.ScoredType> typeScores = types.suggest(title, text);
        List<CategorySuggestion> categories = new ArrayList<>();
        model.ifPresent(m -> {
            for (ScoredLabel label : m.suggest(title, text, limit)) {
                Optional<Category> category = mapping.category(label.label());
                categories.add(new CategorySuggestion(label.label(), category.map(Category::code).orElse(null),
                        category.map(Category::name).orElse(null), label.score()));
            }
        });
        return new Suggestions(List.copyOf(typeScores.subList(0, Math.min(limit, typeScores.size()))),
                List.copyOf(categories));
    }

    /** Type and category suggestions, best first. */
    public record Suggestions(List<TypeSuggester.ScoredType> types, List<CategorySuggestion> categories) {
    }

    /**
     * A suggested category.
     *
     * @param label the model's label
     * @param code  the category code it maps to, or {@code null} when the tree has no such category
     * @param name  the category's name in the tree, or {@code null}
     * @param score from 0 to 1
     */
    public record CategorySuggestion(String label, String code, String name, double score) {
    }
}
