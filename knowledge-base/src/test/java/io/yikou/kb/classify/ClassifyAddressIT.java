package io.yikou.kb.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.yikou.testkit.Await;
import io.yikou.testkit.CoreServices;
import io.yikou.testkit.RedisExtension;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code kb.classify} event-bus address that routing sends to before queue choice, served by a model
 * trained here on the small labelled set. The building label is the subcategory code H0101 (物业管理),
 * so the reply must name its top-level category H01 (城乡建设) as the group.
 */
class ClassifyAddressIT {

    @RegisterExtension
    final RedisExtension redisServer = new RedisExtension();

    private CoreServices core;
    private ClassifierModule module;

    @BeforeEach
    void start() throws Exception {
        core = CoreServices.start(redisServer.url());
        List<LabelledText> examples = TrainingExamples.threeLabels().stream()
                .map(e -> "城乡建设".equals(e.label()) ? new LabelledText(e.title(), e.detail(), "H0101", e.line()) : e)
                .toList();
        CategoryModel model = new ClassifierTrainer(Clock.systemUTC())
                .train(examples, ClassifierDefaults.settings(), "three-labels.csv", "");
        module = new ClassifierModule(core.context(), new ClassifierOptions(Optional.empty()));
        Await.result(module.start());
        module.useModel(model);
    }

    @AfterEach
    void stop() throws Exception {
        Await.result(module.stop());
        core.close();
    }

    private JsonObject request(JsonObject body) {
        return Await.result(core.vertx().eventBus().<JsonObject>request(ClassifierModule.CLASSIFY_ADDRESS, body)).body();
    }

    @Test
    void replyNamesCategoryAndGroup() {
        JsonArray suggestions = request(new JsonObject().put("text", "电梯坏了，物业公司一直不修，楼道还漏水"))
                .getJsonArray("suggestions");

        assertThat(suggestions).hasSize(3);
        JsonObject best = suggestions.getJsonObject(0);
        assertThat(best.getString("category")).isEqualTo("H0101");
        assertThat(best.getString("group")).isEqualTo("H01");
        assertThat(best.getDouble("score")).isGreaterThan(suggestions.getJsonObject(1).getDouble("score"));
        assertThat(best.getDouble("score")).isBetween(0.0, 1.0);
    }

    @Test
    void topLevelLabelIsItsOwnGroup() {
        JsonArray suggestions = request(new JsonObject().put("text", "孩子明年上小学，学位怎么分配"))
                .getJsonArray("suggestions");

        JsonObject best = suggestions.getJsonObject(0);
        assertThat(best.getString("category")).isEqualTo(best.getString("group"));
        assertThat(core.context().categories().find(best.getString("group")).orElseThrow().name()).isEqualTo("教育文体");
    }

    @Test
    void blankTextIsRejected() {
        assertThatThrownBy(() -> request(new JsonObject().put("text", " ")))
                .isInstanceOf(ReplyException.class).hasMessageContaining("non-blank");
        assertThatThrownBy(() -> request(new JsonObject().put("text", 42)))
                .isInstanceOf(ReplyException.class);
    }

    @Test
    void noModelRepliesEmptyList() throws Exception {
        Await.result(module.stop());
        module = new ClassifierModule(core.context(), new ClassifierOptions(Optional.empty()));
        Await.result(module.start());

        assertThat(request(new JsonObject().put("text", "路灯坏了")).getJsonArray("suggestions")).isEmpty();
    }
}
