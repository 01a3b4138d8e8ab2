package io.yikou.kb.classify;

import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.yikou.core.category.Category;
import io.yikou.core.http.ApiException;
import io.yikou.core.http.FieldError;
import io.yikou.core.http.JsonBodies;
import io.yikou.core.http.StaffAuth;
import io.yikou.core.i18n.Messages;
import io.yikou.core.module.Module;
import io.yikou.core.module.ModuleContext;
import io.yikou.core.text.CodePoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ticket classification: loads the category model at start and serves {@code POST /api/v1/classify}
 * and, for routing in core, the local event-bus address {@value #CLASSIFY_ADDRESS}.
 *
 * <p>Start-up fails, naming the file and the reason, when the configured model file is missing or when
 * any model file it finds is damaged or of an unsupported version. With no file configured and none at
 * the default place, the module runs with type suggestions only and reports this in the log and in health.
 */
final class ClassifierModule implements Module {

    /** Maximum text length in code points; longer input is rejected, never cut. */
    static final int MAX_TEXT = 10_000;
    static final int MAX_TITLE = 200;
    static final int MAX_LIMIT = 10;
    /**
     * Event-bus address that routing sends to before queue choice: {@code {"text"}} to {@code {"suggestions":
     * [{"category", "group", "score"}]}}, best first; {@code group} is the top-level category's code.
     */
    static final String CLASSIFY_ADDRESS = "kb.classify";
    private static final int BUS_LIMIT = 3;

    private static final Logger LOG = LoggerFactory.getLogger(ClassifierModule.class);

    private final ModuleContext context;
    private final ClassifierOptions options;
    private final Path modelFile;
    private volatile TicketClassifier classifier;
    private MessageConsumer<JsonObject> busConsumer;

    ClassifierModule(ModuleContext context, ClassifierOptions options) {
        this.context = context;
        this.options = options;
        this.modelFile = options.modelFile().orElse(ClassifierOptions.defaultModelFile(context.config().dataDir()));
        this.classifier = new TicketClassifier(Optional.empty(), context.categories());
    }

    @Override
    public String name() {
        return "kb-classifier";
    }

    @Override
    public void mount(Router router) {
        router.post("/api/v1/classify")
                .handler(context.staffAuth().require(StaffAuth.Role.AGENT))
                .handler(this::classify);
    }

    @Override
    public Future<Void> start() {
        busConsumer = context.vertx().eventBus().localConsumer(CLASSIFY_ADDRESS, this::classifyRequest);
        if (options.modelFile().isEmpty() && !Files.exists(modelFile)) {
            LOG.warn("No classifier model at {}; category suggestions are off until one is trained with"
                    + " 'yikou kb train-classifier FILE --model {}'", modelFile, modelFile);
            return Future.succeededFuture();
        }
        return context.vertx().executeBlocking(() -> ModelFile.read(modelFile), false)
                .recover(error -> {
                    LOG.error("Cannot load the classifier model", error);
                    // Start-up prints the deepest cause's message, so the failure carries the full text and no cause.
                    return Future.failedFuture(new IllegalStateException(error.getMessage()));
                })
                .onSuccess(model -> {
                    classifier = new TicketClassifier(Optional.of(model), context.categories());
                    ModelMetadata metadata = model.metadata();
                    LOG.info("Loaded classifier model {}: {} labels, trained {} on {} rows of {} (sha256 {})", modelFile,
                            metadata.labels().size(), metadata.trainedAt(), metadata.trainingRows(),
                            metadata.trainingFile(), metadata.trainingSha256());
                })
                .mapEmpty();
    }

    @Override
    public Future<Void> stop() {
        return busConsumer == null ? Future.succeededFuture() : busConsumer.unregister();
    }

    /** Uses a model already loaded, for tests of the event-bus address. */
    void useModel(CategoryModel model) {
        classifier = new TicketClassifier(Optional.of(model), context.categories());
    }

    /**
     * Replies to {@value #CLASSIFY_ADDRESS}. Without a model the list is empty. Invalid text fails the
     * request with code 400, so the sender routes without a category.
     */
    private void classifyRequest(Message<JsonObject> message) {
        Object raw = message.body() == null ? null : message.body().getValue("text");
        if (!(raw instanceof String text) || text.isBlank() || CodePoints.length(text) > MAX_TEXT
                || CodePoints.hasControlCharacters(text)) {
            message.fail(400, "text must be a non-blank string of at most " + MAX_TEXT
                    + " characters without control characters");
            return;
        }
        TicketClassifier current = classifier;
        context.vertx().executeBlocking(() -> current.classify("", text, BUS_LIMIT), false)
                .onSuccess(suggestions -> {
                    JsonArray list = new JsonArray();
                    for (TicketClassifier.CategorySuggestion category : suggestions.categories()) {
                        list.add(new JsonObject()
                                .put("category", category.code())
                                .put("group", group(category.code()))
                                .put("score", category.score()));
                    }
                    message.reply(new JsonObject().put("suggestions", list));
                })
                .onFailure(error -> {
                    LOG.warn("Classifying text for routing failed: {}", error.getMessage());
                    message.fail(500, error.getMessage());
                });
    }

    /** Returns the code of the top-level category above {@code code} (itself when top-level), or {@code null}. */
    private String group(String code) {
        Optional<Category> at = context.categories().find(code);
        while (at.isPresent() && at.get().parentCode() != null) {
            Optional<Category> parent = context.categories().find(at.get().parentCode());
            if (parent.isEmpty()) {
                break;
            }
            at = parent;
        }
        return at.map(Category::code).orElse(null);
    }

    @Override
    public String openApiResource() {
        return "/io/yikou/kb/classify/openapi.json";
    }

    @Override
    public Future<JsonObject> health() {
        JsonObject report = new JsonObject().put("status", "ok").put("modelFile", modelFile.toString());
        Optional<CategoryModel> model = classifier.model();
        report.put("modelLoaded", model.isPresent());
        model.ifPresent(m -> report.put("trainedAt", m.metadata().trainedAt().toString())
                .put("labels", m.labels().size()));
        return Future.succeededFuture(report);
    }

    private void classify(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        List<FieldError> errors = new ArrayList<>();
        String text = text(body, "text", MAX_TEXT, true, errors);
        String title = text(body, "title", MAX_TITLE, false, errors);
        int limit = 3;
        Object rawLimit = body.getValue("limit");
        if (rawLimit != null) {
            if (rawLimit instanceof Integer value && value >= 1 && value <= MAX_LIMIT) {
                limit = value;
            } else {
                errors.add(FieldError.of("limit", "invalid_value"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        int chosenLimit = limit;
        Locale locale = Messages.negotiate(ctx.request().getHeader("Accept-Language"));
        TicketClassifier current = classifier;
        context.vertx().executeBlocking(() -> current.classify(title, text, chosenLimit), false)
                .onSuccess(suggestions -> ctx.response()
                        .putHeader("Content-Type", "application/json; charset=utf-8")
                        .end(json(suggestions, current, locale).encode()))
                .onFailure(ctx::fail);
    }

    private JsonObject json(TicketClassifier.Suggestions suggestions, TicketClassifier current, Locale locale) {
        JsonArray types = new JsonArray();
        for (TypeSuggester.ScoredType type : suggestions.types()) {
            types.add(new JsonObject()
                    .put("code", type.type().code())
                    .put("name", context.messages().get(locale, "type." + type.type().code()))
                    .put("score", round(type.score())));
        }
        JsonArray categories = new JsonArray();
        for (TicketClassifier.CategorySuggestion category : suggestions.categories()) {
            categories.add(new JsonObject()
                    .put("label", category.label())
                    .put("code", category.code())
                    .put("name", category.name())
                    .put("score", round(category.score())));
        }
        JsonObject model = current.model().map(m -> new JsonObject()
                .put("trainedAt", m.metadata().trainedAt().toString())
                .put("trainingRows", m.metadata().trainingRows())
                .put("formatVersion", m.metadata().formatVersion())).orElse(null);
        return new JsonObject().put("types", types).put("categories", categories).put("model", model);
    }

    private static String text(JsonObject body, String field, int max, boolean required, List<FieldError> errors) {
        Object value = body.getValue(field);
        if (value == null || (value instanceof String s && s.isBlank())) {
            if (required) {
                errors.add(FieldError.of(field, "required"));
            }
            return "";
        }
        if (!(value instanceof String s)) {
            errors.add(FieldError.of(field, "wrong_type", "string"));
            return "";
        }
        if (CodePoints.length(s) > max) {
            errors.add(FieldError.of(field, "too_long", max));
            return "";
        }
        if (CodePoints.hasControlCharacters(s)) {
            errors.add(FieldError.of(field, "control_characters"));
            return "";
        }
        return s;
    }

    private static double round(double score) {
        return Math.round(score * 1000) / 1000.0;
    }
}
