package io.yikou.core.desk;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import io.yikou.core.http.StaffAuth.Role;
import io.yikou.core.module.Module;
import io.yikou.core.staff.SessionStaffAuth;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

/**
 * The staff web UI under {@code /desk/}: login page, the page frame with navigation by role, the agent
 * desktop, the supervisor wallboard, queue and agent-skill administration, user administration and
 * the audit log. Pages are plain HTML with JavaScript modules; every text comes
 * from the {@code ui} message bundle, served as JSON, and is inserted as text, never as markup.
 *
 * <p>Pages other than the login page need a session: without one the browser is sent to the login
 * page, and a role that may not see a page gets 403. The data on every page comes from the staff API,
 * which checks the role again.
 */
public final class DeskModule implements Module {

    /** Classpath folder of the pages, scripts and styles. */
    static final String STATIC_ROOT = "io/yikou/core/desk/static";

    /**
     * Everything from this server only and no inline script or style, so text that slips into a page
     * as markup still cannot run.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none';"
            + " form-action 'self'; frame-ancestors 'none'";

    /** Pages that need a session, with the least role that may open them. */
    private static final Map<String, PageSpec> PAGES = Map.of(
            "/desk/", new PageSpec("index.html", Role.AGENT),
            "/desk/agent", new PageSpec("agent.html", Role.AGENT),
            "/desk/wallboard", new PageSpec("wallboard.html", Role.SUPERVISOR),
            "/desk/queues", new PageSpec("queues.html", Role.ADMINISTRATOR),
            "/desk/agents", new PageSpec("agents.html", Role.ADMINISTRATOR),
            "/desk/users", new PageSpec("users.html", Role.ADMINISTRATOR),
            "/desk/audit", new PageSpec("audit.html", Role.ADMINISTRATOR));

    private record PageSpec(String file, Role role) {
    }

    private final SessionStaffAuth auth;
    private final Buffer loginPage;
    private final Buffer forbiddenPage;
    private final Map<String, Buffer> pages;
    private final Map<String, String> messages;

    DeskModule(SessionStaffAuth auth) {
        this.auth = auth;
        this.loginPage = resource("login.html");
        this.forbiddenPage = resource("forbidden.html");
        Map<String, Buffer> loaded = new HashMap<>();
        for (PageSpec spec : PAGES.values()) {
            loaded.put(spec.file(), resource(spec.file()));
        }
        this.pages = Map.copyOf(loaded);
        this.messages = Map.of(
                "zh-CN", bundleJson(Locale.SIMPLIFIED_CHINESE),
                "en", bundleJson(Locale.ENGLISH));
    }

    @Override
    public String name() {
        return "desk";
    }

    @Override
    public void mount(Router router) {
        router.route("/desk*").handler(DeskModule::pageHeaders);
        // Vert.x matches "/desk" to "/desk/" as well, so only the bare path is redirected.
        router.get("/desk").handler(ctx -> {
            if (ctx.request().path().equals("/desk")) {
                redirect(ctx, "/desk/");
            } else {
                ctx.next();
            }
        });
        router.get("/desk/login").handler(this::login);
        router.get("/desk/i18n/:lang").handler(this::messages);
        PAGES.forEach((path, spec) -> router.get(path).handler(ctx -> page(ctx, spec)));
        router.route("/desk/assets/*").handler(StaticHandler.create(STATIC_ROOT + "/assets")
                .setCachingEnabled(false)
                .setDirectoryListing(false)
                .setDefaultContentEncoding("UTF-8"));
        // WebJars (ECharts for the wallboard) straight from their jars on the classpath.
        router.route("/desk/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars")
                .setDirectoryListing(false)
                .setMaxAgeSeconds(86_400));
    }

    private void login(RoutingContext ctx) {
        auth.session(ctx.request()).onComplete(result -> {
            if (result.succeeded() && result.result().isPresent()) {
                redirect(ctx, "/desk/");
                return;
            }
            html(ctx, 200, loginPage);
        });
    }

    private void page(RoutingContext ctx, PageSpec spec) {
        auth.session(ctx.request()).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            if (result.result().isEmpty()) {
                String next = URLEncoder.encode(ctx.request().path(), StandardCharsets.UTF_8);
                redirect(ctx, "/desk/login?next=" + next);
                return;
            }
            if (!result.result().get().user().role().includes(spec.role())) {
                html(ctx, 403, forbiddenPage);
                return;
            }
            html(ctx, 200, pages.get(spec.file()));
        });
    }

    private void messages(RoutingContext ctx) {
        String lang = ctx.pathParam("lang").replace(".json", "");
        String json = messages.get(lang);
        if (json == null) {
            ctx.fail(404);
            return;
        }
        ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(json);
    }

    private static void pageHeaders(RoutingContext ctx) {
        ctx.response()
                .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Cache-Control", "no-store")
                .putHeader("Permissions-Policy", "geolocation=(), camera=(), microphone=()");
        ctx.next();
    }

    private static void html(RoutingContext ctx, int status, Buffer page) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(page);
    }

    private static void redirect(RoutingContext ctx, String location) {
        ctx.response().setStatusCode(302).putHeader("Location", location).end();
    }

    private static Buffer resource(String name) {
        try (InputStream in = DeskModule.class.getClassLoader().getResourceAsStream(STATIC_ROOT + "/" + name)) {
            if (in == null) {
                throw new IllegalStateException("desk page " + name + " missing from " + STATIC_ROOT);
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read desk page " + name, e);
        }
    }

    /** Returns one locale of the {@code ui} bundle as a JSON object of key to text. */
    private static String bundleJson(Locale locale) {
        ResourceBundle bundle = ResourceBundle.getBundle("io.yikou.core.desk.ui", locale,
                DeskModule.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        JsonObject json = new JsonObject();
        for (String key : bundle.keySet()) {
            json.put(key, bundle.getString(key));
        }
        return json.encode();
    }
}
