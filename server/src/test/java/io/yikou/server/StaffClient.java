package io.yikou.server;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * An HTTP client logged in as one staff member, as a browser would be. It keeps the session cookie and
 * sends the CSRF token on unsafe requests, except where a test sends without it.
 */
public final class StaffClient {

    private final TestServer server;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http;
    private String csrfToken;
    private JsonObject loginResponse;

    private StaffClient(TestServer server) {
        this.server = server;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Creates a client with no session, for checking what anonymous callers get. */
    public static StaffClient anonymous(TestServer server) {
        return new StaffClient(server);
    }

    static StaffClient login(TestServer server, String username, String password) throws Exception {
        StaffClient client = new StaffClient(server);
        HttpResponse<String> response = client.attemptLogin(username, password);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("login of " + username + " failed: " + response.statusCode() + " "
                    + response.body());
        }
        return client;
    }

    /** Posts a login and keeps the CSRF token when it succeeds. */
    public HttpResponse<String> attemptLogin(String username, String password) throws IOException, InterruptedException {
        JsonObject body = new JsonObject().put("username", username).put("password", password);
        HttpResponse<String> response = send("POST", "/api/v1/session", body, false);
        if (response.statusCode() == 200) {
            loginResponse = new JsonObject(response.body());
            csrfToken = loginResponse.getString("csrfToken");
        }
        return response;
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, true);
    }

    public HttpResponse<String> post(String path, JsonObject body) throws IOException, InterruptedException {
        return send("POST", path, body, true);
    }

    public HttpResponse<String> patch(String path, JsonObject body) throws IOException, InterruptedException {
        return send("PATCH", path, body, true);
    }

    public HttpResponse<String> put(String path, JsonObject body) throws IOException, InterruptedException {
        return send("PUT", path, body, true);
    }

    public HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send("DELETE", path, null, true);
    }

    /**
     * Sends a request with the session cookie.
     *
     * @param withCsrf whether to add the {@code X-CSRF-Token} header, as the desk's pages do
     */
    public HttpResponse<String> send(String method, String path, JsonObject body, boolean withCsrf)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = server.request(path)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.encode(), StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (withCsrf && csrfToken != null) {
            request.header("X-CSRF-Token", csrfToken);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Returns the session cookie the server set, if any. */
    public Optional<HttpCookie> sessionCookie() {
        return cookies.getCookieStore().getCookies().stream()
                .filter(cookie -> cookie.getName().equals("yikou_session")).findFirst();
    }

    public String csrfToken() {
        return csrfToken;
    }

    /** Returns the body of the successful login. */
    public JsonObject loginResponse() {
        return loginResponse;
    }
}
