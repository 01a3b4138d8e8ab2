package io.yikou.channels.webform.open311;

import io.vertx.ext.web.Router;
import io.yikou.core.i18n.Messages;
import io.yikou.core.module.Module;
import io.yikou.core.module.ModuleContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Open311 GeoReport v2 endpoint under {@value #BASE_PATH}: third-party apps list our services
 * (the leaf categories), file service requests with an API key and follow their status.
 * {@code docs/open311.md} describes it for integrators.
 */
public final class Open311Module implements Module {

    private static final Logger LOG = LoggerFactory.getLogger(Open311Module.class);

    static final String BASE_PATH = "/open311/v2";
    private static final String FORMAT = "\\.(?<format>json|xml)";

    private final Open311Options options;
    private final Open311Api api;
    private final Open311Errors errors;

    Open311Module(ModuleContext context, Open311Options options) {
        this.options = options;
        Messages messages = new Messages("io.yikou.channels.webform.open311.messages");
        Open311Records records = new Open311Records(context.categories(), context.messages(), messages,
                context.config().intake().zone());
        this.api = new Open311Api(context, options, records, new Open311Index(context.redis(), context.tickets()),
                messages);
        this.errors = new Open311Errors(messages, context.messages());
    }

    @Override
    public String name() {
        return "open311";
    }

    @Override
    public String openApiResource() {
        return "/io/yikou/channels/webform/open311/openapi-open311.yaml";
    }

    @Override
    public void mount(Router router) {
        router.getWithRegex(BASE_PATH + "/discovery" + FORMAT).handler(api::discovery);
        router.getWithRegex(BASE_PATH + "/services" + FORMAT).handler(api::services);
        router.getWithRegex(BASE_PATH + "/services/(?<code>[^/]+)" + FORMAT).handler(api::serviceDefinition);
        router.postWithRegex(BASE_PATH + "/requests" + FORMAT).handler(api::create);
        router.getWithRegex(BASE_PATH + "/requests" + FORMAT).handler(api::list);
        router.getWithRegex(BASE_PATH + "/requests/(?<id>[^/]+)" + FORMAT).handler(api::find);
        router.getWithRegex(BASE_PATH + "/tokens/(?<token>[^/]+)" + FORMAT).handler(api::token);
        // Registered before the server's own failure handler, so errors here keep the spec's format.
        router.route(BASE_PATH + "/*").failureHandler(errors);
    }

    @Override
    public io.vertx.core.Future<Void> start() {
        if (options.apiKeys().isEmpty()) {
            LOG.warn("Open311 endpoint {} serves GETs only: no API keys are configured (open311.api-keys,"
                    + " YIKOU_OPEN311_API_KEYS), so every POST gets 403", BASE_PATH);
        } else {
            LOG.info("Open311 endpoint {} accepts requests from {} API key(s), jurisdiction {}", BASE_PATH,
                    options.apiKeys().size(), options.jurisdictionId().orElse("(not checked)"));
        }
        return io.vertx.core.Future.succeededFuture();
    }
}
