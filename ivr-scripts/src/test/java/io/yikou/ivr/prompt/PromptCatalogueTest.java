package io.yikou.ivr.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import io.yikou.ivr.IvrFixture;
import io.yikou.ivr.flow.Flow;
import io.yikou.ivr.flow.FlowNode;
import io.yikou.ivr.flow.Language;
import io.yikou.ivr.flow.PromptItem;
import io.yikou.ivr.validate.FlowProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PromptCatalogueTest {

    @Test
    void shippedFlowPromptsExistInBothLanguages() {
        Set<String> used = new TreeSet<>();
        for (Flow flow : IvrFixture.shippedFlows().flows()) {
            for (FlowNode node : flow.nodes().values()) {
                node.allPrompts().stream().filter(p -> p instanceof PromptItem.Recorded)
                        .forEach(p -> used.add(((PromptItem.Recorded) p).id()));
            }
        }
        used.addAll(EnginePrompts.required());

        assertThat(used).hasSizeGreaterThan(60);
        for (String id : used) {
            for (Language language : Language.values()) {
                assertThat(IvrFixture.PROMPTS.text(id, language)).as("%s in %s", id, language.tag())
                        .hasValueSatisfying(text -> assertThat(text).isNotBlank());
            }
        }
    }

    @Test
    void everyCataloguedPromptIsUsed() {
        Set<String> used = new TreeSet<>(EnginePrompts.required());
        IvrFixture.shippedFlows().flows().forEach(f -> f.nodes().values().forEach(n -> n.allPrompts().stream()
                .filter(p -> p instanceof PromptItem.Recorded).forEach(p -> used.add(((PromptItem.Recorded) p).id()))));

        assertThat(IvrFixture.PROMPTS.ids()).allMatch(used::contains);
    }

    @Test
    void missingEnglishTextIsAnError() {
        PromptCatalogue.Result result = PromptCatalogue.parse("p.yaml", """
                welcome:
                  zh-CN: 您好
                other:
                  zh-CN: 你好
                  en: ""
                  fr: Bonjour
                """);

        assertThat(result.problems()).extracting(FlowProblem::code)
                .contains("missing-prompt", "unknown-field");
        assertThat(result.problems()).anyMatch(p -> p.message().contains("'welcome' has no en text")
                && p.source().line() == 1);
        assertThat(result.catalogue().contains("welcome")).isFalse();
    }

    @Test
    void studioListMatchesCatalogue() throws IOException {
        Path doc = Path.of(System.getProperty("yikou.repo.dir", "..")).resolve("docs/zh-CN/ivr-prompts.md");
        String text = Files.readString(doc, StandardCharsets.UTF_8);

        for (PromptCatalogue.Prompt prompt : IvrFixture.PROMPTS.prompts()) {
            assertThat(text).as("studio list row for %s", prompt.id())
                    .contains("| `" + prompt.id() + "` | " + prompt.text(Language.MANDARIN) + " |");
        }
    }
}
