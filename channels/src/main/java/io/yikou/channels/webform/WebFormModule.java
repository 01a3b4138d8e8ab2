package io.yikou.channels.webform;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import io.yikou.core.module.Module;
import io.yikou.core.module.ModuleContext;

/** The web-form channel: the citizen pages under {@code /report} and their JSON API. */
public final class WebFormModule implements Module {

    private final ReportApi api;

    WebFormModule(ModuleContext context) {
        this.api = new ReportApi(context);
    }

    @Override
    public String name() {
        return "webform";
    }

    @Override
    public String openApiResource() {
        return "/io/yikou/channels/webform/openapi-webform.yaml";
    }

    @Override
    public void mount(Router router) {
        router.post("/api/v1/reports").handler(api::submit);
        router.get("/api/v1/reports/:number").handler(api::status);
        router.get("/report").handler(ctx -> ctx.reroute("/report/index.html"));
        router.get("/report/status").handler(ctx -> ctx.reroute("/report/status.html"));
        router.route("/report/*").handler(StaticHandler.create("io/yikou/channels/webform/static")
                .setCachingEnabled(false)
                .setDefaultContentEncoding("UTF-8"));
    }
}
