package io.yikou.kb.classify;

import io.yikou.core.category.Category;
import io.yikou.core.category.CategoryKind;
import io.yikou.core.category.CategoryTree;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps classifier labels onto the district category tree. A label matches a category whose code
 * equals it, else a hotline topic whose name equals it, else any category whose name equals it. The
 * bundled tree's hotline topics H01 to H07 carry the names of the seven top-level labels of the
 * provincial message board data (城乡建设 ... 卫生计生), so those labels map one to one. Immutable.
 */
public final class CategoryMapping {

    private final Map<String, Category> byLabel;

    private CategoryMapping(Map<String, Category> byLabel) {
        this.byLabel = Map.copyOf(byLabel);
    }

    /** Resolves every label of a model against a tree; labels without a match stay unmapped. */
    public static CategoryMapping of(List<String> labels, CategoryTree tree) {
        Map<String, Category> mapped = new HashMap<>();
        for (String label : labels) {
            resolve(label, tree).ifPresent(category -> mapped.put(label, category));
        }
        return new CategoryMapping(mapped);
    }

    public Optional<Category> category(String label) {
        return Optional.ofNullable(byLabel.get(label));
    }

    private static Optional<Category> resolve(String label, CategoryTree tree) {
        Optional<Category> byCode = tree.find(label);
        if (byCode.isPresent()) {
            return byCode;
        }
        for (Category root : tree.roots()) {
            if (root.kind() == CategoryKind.CONSULTATION && root.name().equals(label)) {
                return Optional.of(root);
            }
        }
        for (Category root : tree.roots()) {
            Optional<Category> found = findByName(root, label, tree);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<Category> findByName(Category category, String name, CategoryTree tree) {
        if (category.name().equals(name)) {
            return Optional.of(category);
        }
        for (String child : category.children()) {
            Optional<Category> found = tree.find(child).flatMap(c -> findByName(c, name, tree));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }
}
