package io.yikou.core.category;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A node of the district's category tree.
 *
 * @param code       unique code, such as {@code E0201}; also the Open311 {@code service_code} of a leaf
 * @param name       Chinese name
 * @param kind       hotline topic, event or component
 * @param parentCode code of the parent, {@code null} for a top-level class
 * @param department department handling the leaf's cases, {@code null} for inner nodes
 * @param children   codes of the children, empty for leaves
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Category(String code, String name, CategoryKind kind, String parentCode, Department department,
                       List<String> children) {

    public Category {
        children = List.copyOf(children);
    }

    @JsonIgnore
    public boolean isLeaf() {
        return children.isEmpty();
    }
}
