package io.yikou.core.category;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.yikou.core.config.ConfigSource;
import org.junit.jupiter.api.Test;

class CategoryTreeTest {

    private final CategoryTree tree = CategoryTree.bundled();

    @Test
    void everyLeafHasDepartment() {
        assertThat(tree.leaves()).isNotEmpty().allSatisfy(leaf -> assertThat(leaf.department()).isNotNull());
    }

    @Test
    void bundledTreeHasAllThreeKinds() {
        assertThat(tree.roots()).extracting(Category::kind)
                .contains(CategoryKind.CONSULTATION, CategoryKind.EVENT, CategoryKind.COMPONENT);
    }

    @Test
    void eventLeafKnowsItsPathAndDepartment() {
        Category leaf = tree.find("E0201").orElseThrow();

        assertThat(leaf.name()).isEqualTo("非法张贴小广告");
        assertThat(leaf.kind()).isEqualTo(CategoryKind.EVENT);
        assertThat(leaf.department().name()).isEqualTo("区城市管理综合行政执法局");
        assertThat(tree.path("E0201")).containsExactly("宣传广告", "非法张贴小广告");
    }

    @Test
    void innerNodeIsNotLeaf() {
        assertThat(tree.find("H01").orElseThrow().isLeaf()).isFalse();
        assertThat(tree.find("H01").orElseThrow().department()).isNull();
    }

    @Test
    void unknownDepartmentIsRejected() {
        String yaml = "departments:\n  - {code: a, name: 甲}\ncategories:\n  - code: H01\n    name: 城乡建设\n"
                + "    kind: consultation\n    children:\n      - {code: H0101, name: 物业, department: b}\n";

        assertThatThrownBy(() -> CategoryTree.parse(ConfigSource.parseYaml(yaml), "test"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("H0101")
                .hasMessageContaining("unknown department b");
    }

    @Test
    void duplicateCodeIsRejected() {
        String yaml = "departments:\n  - {code: a, name: 甲}\ncategories:\n"
                + "  - {code: H01, name: 一, kind: consultation, department: a}\n"
                + "  - {code: H01, name: 二, kind: consultation, department: a}\n";

        assertThatThrownBy(() -> CategoryTree.parse(ConfigSource.parseYaml(yaml), "test"))
                .hasMessageContaining("duplicate category code H01");
    }
}
