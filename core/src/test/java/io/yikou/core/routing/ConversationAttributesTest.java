package io.yikou.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ConversationAttributesTest {

    @Test
    void hanCharactersMeanChinese() {
        assertThat(ConversationAttributes.language("路灯坏了", null)).isEqualTo("zh");
        assertThat(ConversationAttributes.language("Gate 3 的路灯 broken", "en")).isEqualTo("zh");
        assertThat(ConversationAttributes.language("𠮷野家门口", null)).isEqualTo("zh");
    }

    @Test
    void latinLettersMeanEnglish() {
        assertThat(ConversationAttributes.language("The light is broken", null)).isEqualTo("en");
        assertThat(ConversationAttributes.language("Café 3", "zh")).isEqualTo("en");
    }

    @Test
    void textWithoutLettersKeepsEarlierLanguage() {
        assertThat(ConversationAttributes.language("👍 123！", "en")).isEqualTo("en");
        assertThat(ConversationAttributes.language("👍", null)).isEqualTo("zh");
        assertThat(ConversationAttributes.language(null, "")).isEqualTo("zh");
        assertThat(ConversationAttributes.hasLanguage("👍 123")).isFalse();
        assertThat(ConversationAttributes.hasLanguage(null)).isFalse();
        assertThat(ConversationAttributes.hasLanguage("ok")).isTrue();
    }

    @Test
    void topGroupNeedsThresholdScore() {
        JsonObject reply = new JsonObject().put("suggestions", new JsonArray()
                .add(new JsonObject().put("category", "H0201").put("group", "H02").put("score", 0.3))
                .add(new JsonObject().put("category", "H0101").put("group", "H01").put("score", 0.6)));

        assertThat(ConversationAttributes.topGroup(reply, 0.5)).isEqualTo("H01");
        assertThat(ConversationAttributes.topGroup(reply, 0.6)).isEqualTo("H01");
        assertThat(ConversationAttributes.topGroup(reply, 0.7)).isNull();
    }

    @Test
    void topGroupIgnoresMissingParts() {
        assertThat(ConversationAttributes.topGroup(null, 0.5)).isNull();
        assertThat(ConversationAttributes.topGroup(new JsonObject(), 0.5)).isNull();
        assertThat(ConversationAttributes.topGroup(new JsonObject().put("suggestions", new JsonArray()
                .add(new JsonObject().put("category", "x").putNull("group").put("score", 0.9))), 0.5)).isNull();
    }
}
