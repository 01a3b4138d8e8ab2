package io.yikou.channels.webform;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import io.yikou.core.module.Module;
import io.yikou.core.module.ModuleContext;

/** The web-form channel: the citizen pages under {@code /report} and their JSON API. */
public final class WebFormModule implements Module {

    /** Classpath folder of the pages, scripts and message table. */
    static final String STATIC_ROOT = "io/yikou/channels/webform/static";

    /**
     * Content policy for the pages: everything from this server only, no inline script or style, so
     * text that slips into the page as markup still cannot run. Photo previews use {@code blob:} URLs.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none';"
            + " form-action 'self'; frame-ancestors 'none'";

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
        router.get("/api/v1/reports/limits").handler(api::limits);
        router.get("/api/v1/reports/:number").handler(api::status);

        router.route("/report*").handler(WebFormModule::pageHeaders);
        router.get("/report").handler(ctx -> ctx.reroute("/report/index.html"));
        router.get("/report/status").handler(ctx -> ctx.reroute("/report/status.html"));
        router.route("/report/*").handler(StaticHandler.create(STATIC_ROOT)
                .setCachingEnabled(false)
                .setDirectoryListing(false)
                .setDefaultContentEncoding("UTF-8"));
    }

    private static void pageHeaders(RoutingContext ctx) {
        ctx.response()
                .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Permissions-Policy", "geolocation=(self), camera=(self)");
        ctx.next();
    }
}
