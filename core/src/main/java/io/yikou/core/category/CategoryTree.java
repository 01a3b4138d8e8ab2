package io.yikou.core.category;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The district's unified category tree: hotline topics plus GB/T 30428.2 event and component
 * classes, each leaf with its responsible department. Immutable and thread-safe once loaded.
 */
public final class CategoryTree {

    private static final Pattern CODE = Pattern.compile("[A-Z][0-9A-Z]{1,15}");
    private static final String BUNDLED = "categories.yaml";

    private final Map<String, Category> byCode;
    private final Map<String, Department> departments;
    private final List<Category> roots;

    private CategoryTree(Map<String, Category> byCode, Map<String, Department> departments, List<Category> roots) {
        this.byCode = byCode;
        this.departments = departments;
        this.roots = roots;
    }

    /** Loads the tree shipped with Yikou. */
    public static CategoryTree bundled() {
        try (InputStream in = CategoryTree.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException(BUNDLED + " missing from the classpath");
            }
            return parse(new ObjectMapper(new YAMLFactory()).readTree(in), "bundled " + BUNDLED);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled " + BUNDLED, e);
        }
    }

    /**
     * Loads a district's own tree from a YAML file with the bundled file's layout.
     *
     * @throws IllegalArgumentException naming the file and the first invalid entry
     */
    public static CategoryTree load(Path file) {
        try {
            return parse(new ObjectMapper(new YAMLFactory()).readTree(file.toFile()), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read category file " + file + ": " + e.getMessage(), e);
        }
    }

    static CategoryTree parse(JsonNode root, String source) {
        Map<String, Department> departments = new LinkedHashMap<>();
        for (JsonNode node : root.path("departments")) {
            String code = requireText(node, "code", source);
            if (departments.put(code, new Department(code, requireText(node, "name", source))) != null) {
                throw new IllegalArgumentException(source + ": duplicate department code " + code);
            }
        }
        Map<String, Category> byCode = new LinkedHashMap<>();
        List<Category> roots = new ArrayList<>();
        for (JsonNode node : root.path("categories")) {
            roots.add(add(node, null, null, departments, byCode, source));
        }
        if (byCode.isEmpty()) {
            throw new IllegalArgumentException(source + ": no categories");
        }
        return new CategoryTree(Map.copyOf(byCode), Map.copyOf(departments), List.copyOf(roots));
    }

    private static Category add(JsonNode node, Category parent, CategoryKind inheritedKind,
                                Map<String, Department> departments, Map<String, Category> byCode, String source) {
        String code = requireText(node, "code", source);
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException(source + ": category code " + code
                    + " must be an upper-case letter followed by 1 to 15 digits or upper-case letters");
        }
        if (byCode.containsKey(code)) {
            throw new IllegalArgumentException(source + ": duplicate category code " + code);
        }
        CategoryKind kind = node.hasNonNull("kind") ? CategoryKind.fromCode(node.get("kind").asText()) : inheritedKind;
        if (kind == null) {
            throw new IllegalArgumentException(source + ": top-level category " + code + " has no kind");
        }
        List<String> childCodes = new ArrayList<>();
        for (JsonNode child : node.path("children")) {
            childCodes.add(requireText(child, "code", source));
        }
        Department department = null;
        if (childCodes.isEmpty()) {
            String departmentCode = requireText(node, "department", source);
            department = departments.get(departmentCode);
            if (department == null) {
                throw new IllegalArgumentException(source + ": category " + code + " names unknown department "
                        + departmentCode);
            }
        }
        Category category = new Category(code, requireText(node, "name", source), kind,
                parent == null ? null : parent.code(), department, childCodes);
        byCode.put(code, category);
        for (JsonNode child : node.path("children")) {
            add(child, category, kind, departments, byCode, source);
        }
        return category;
    }

    private static String requireText(JsonNode node, String field, String source) {
        JsonNode value = node.get(field);
        if (value == null || !value.isValueNode() || value.asText().isBlank()) {
            throw new IllegalArgumentException(source + ": entry " + node + " is missing '" + field + "'");
        }
        return value.asText().trim();
    }

    public Optional<Category> find(String code) {
        return Optional.ofNullable(code == null ? null : byCode.get(code));
    }

    /** Returns every leaf, in file order. */
    public List<Category> leaves() {
        List<Category> leaves = new ArrayList<>();
        for (Category category : byCode.values()) {
            if (category.isLeaf()) {
                leaves.add(category);
            }
        }
        leaves.sort((a, b) -> a.code().compareTo(b.code()));
        return leaves;
    }

    public List<Category> roots() {
        return roots;
    }

    public Collection<Department> departments() {
        return departments.values();
    }

    /** Returns the names from the top-level class down to this category, such as 宣传广告 / 非法张贴小广告. */
    public List<String> path(String code) {
        List<String> names = new ArrayList<>();
        Category current = byCode.get(code);
        while (current != null) {
            names.add(0, current.name());
            current = current.parentCode() == null ? null : byCode.get(current.parentCode());
        }
        return names;
    }
}
