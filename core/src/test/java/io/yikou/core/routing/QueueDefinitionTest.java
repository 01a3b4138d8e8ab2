package io.yikou.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.yikou.core.http.FieldError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueueDefinitionTest {

    private static List<String> problems(JsonObject body) {
        List<FieldError> errors = new ArrayList<>();
        QueueDefinition.fromRequest(null, body, errors);
        return errors.stream().map(e -> e.field() + ":" + e.code()).toList();
    }

    private static JsonObject queue() {
        return new JsonObject().put("id", "wechat-general").put("name", "微信综合");
    }

    @Test
    void validQueueHasNoProblems() {
        JsonObject body = queue().put("requiredSkills", new JsonArray().add("channel:wechat").add("老年人"));

        assertThat(problems(body)).isEmpty();
    }

    @Test
    void nameWithControlCharactersIsInvalid() {
        for (String name : List.of("微信\u0000综合", "微信\n综合", "微信\t综合", "微信\u007f")) {
            assertThat(problems(queue().put("name", name))).as("name %s", name.codePoints().toArray())
                    .containsExactly("name:invalid_value");
        }
    }

    @Test
    void requiredSkillOutsideSkillSyntaxIsInvalid() {
        for (String skill : List.of("channel: wechat", "a\u0000b", "<b>")) {
            JsonObject body = queue().put("requiredSkills", new JsonArray().add(skill));

            assertThat(problems(body)).as("skill %s", skill).containsExactly("requiredSkills:invalid_value");
        }
    }

    @Test
    void storedQueueKeepsItsSkillsWhenRead() {
        JsonObject stored = queue().put("requiredSkills", new JsonArray().add("channel: wechat")).put("version", 3);

        QueueDefinition read = QueueDefinition.fromJson(stored);

        assertThat(read.requiredSkills()).containsExactly("channel: wechat");
        assertThat(read.version()).isEqualTo(3L);
    }
}
