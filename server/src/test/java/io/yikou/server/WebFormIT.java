package io.yikou.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.yikou.testkit.RedisExtension;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The web form's JSON API and pages on a whole node: real HTTP, real Redis, real attachment store. */
class WebFormIT {

    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        // A small body limit keeps the oversize test cheap; photos here are a few KiB.
        server = TestServer.start(redis.url(), "http:\n  max-body-bytes: 1MiB\n", Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static HttpResponse<String> postJson(JsonObject body, String... headers) throws Exception {
        HttpRequest.Builder request = server.request("/api/v1/reports")
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(body.encode()));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return server.send(request.build());
    }

    private static HttpResponse<String> postForm(byte[] body, String... headers) throws Exception {
        HttpRequest.Builder request = server.request("/api/v1/reports")
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .POST(BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return server.send(request.build());
    }

    private static HttpResponse<String> postMultipart(Multipart form) throws Exception {
        return server.send(server.request("/api/v1/reports")
                .header("Content-Type", form.contentType())
                .POST(BodyPublishers.ofByteArray(form.bytes()))
                .build());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static JsonObject validReport() {
        return new JsonObject()
                .put("type", "complaint")
                .put("category", "E0201")
                .put("description", "东四北大街路口的井盖松动，车辆经过时响声很大。")
                .put("address", "东城区东四北大街")
                .put("location", new JsonObject().put("lat", 39.9321).put("lon", 116.4171))
                .put("phone", "13800000000")
                .put("name", "张三")
                .put("consent", true);
    }

    private static List<String> fieldNames(JsonObject errorBody) {
        List<String> names = new ArrayList<>();
        JsonArray fields = errorBody.getJsonObject("error").getJsonArray("fields", new JsonArray());
        for (int i = 0; i < fields.size(); i++) {
            names.add(fields.getJsonObject(i).getString("field"));
        }
        return names;
    }

    @Test
    void jsonReportCreatesTicket() throws Exception {
        HttpResponse<String> response = postJson(validReport());

        assertThat(response.statusCode()).isEqualTo(201);
        JsonObject body = new JsonObject(response.body());
        String number = body.getString("number");
        assertThat(number).matches("96010-\\d{8}-\\d{6}");
        assertThat(body.getString("lookupToken")).isNotBlank();
        assertThat(body.getBoolean("created")).isTrue();
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/reports/" + number);
        JsonObject stored = server.ticket(number);
        assertThat(stored.getJsonArray("channels").getString(0)).isEqualTo("webform");
        assertThat(stored.getString("description")).isEqualTo(validReport().getString("description"));
        assertThat(stored.getString("categoryCode")).isEqualTo("E0201");
    }

    @Test
    void statusViewHidesPersonalData() throws Exception {
        JsonObject receipt = new JsonObject(postJson(validReport()).body());
        String path = "/api/v1/reports/" + receipt.getString("number") + "?token=" + receipt.getString("lookupToken");

        HttpResponse<String> response = server.get(path);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject view = new JsonObject(response.body());
        assertThat(view.getString("number")).isEqualTo(receipt.getString("number"));
        assertThat(view.getString("typeName")).isEqualTo("投诉");
        assertThat(view.getJsonArray("history")).isNotEmpty();
        assertThat(response.body()).doesNotContain("13800000000");
        assertThat(response.body()).doesNotContain("张三");
    }

    @Test
    void statusViewRejectsWrongToken() throws Exception {
        JsonObject receipt = new JsonObject(postJson(validReport()).body());

        HttpResponse<String> response = server.get("/api/v1/reports/" + receipt.getString("number") + "?token=wrong");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(response.body()).getJsonObject("error").getString("code"))
                .isEqualTo("ticket_not_found");
    }

    @Test
    void urlencodedReportCreatesTicket() throws Exception {
        String body = "type=" + encode("求助") + "&description=" + encode("楼道灯坏了\r\n晚上很黑")
                + "&address=" + encode("东城区和平里") + "&consent=on";

        HttpResponse<String> response = postForm(body.getBytes(StandardCharsets.US_ASCII));

        assertThat(response.statusCode()).isEqualTo(201);
        JsonObject stored = server.ticket(new JsonObject(response.body()).getString("number"));
        assertThat(stored.getString("type")).isEqualTo("help");
        // Browsers send textarea line breaks as CRLF; the ticket keeps them as LF.
        assertThat(stored.getString("description")).isEqualTo("楼道灯坏了\n晚上很黑");
    }

    @Test
    void multipartReportStoresPhotos() throws Exception {
        Multipart form = new Multipart()
                .field("type", "report")
                .field("description", "有人在绿地里倾倒建筑垃圾。")
                .field("consent", "true")
                .file("photos", "现场.png", "image/png", Multipart.png(4096))
                .file("photos", "second.png", "image/png", Multipart.png(2048));

        HttpResponse<String> response = postMultipart(form);

        assertThat(response.statusCode()).isEqualTo(201);
        JsonObject stored = server.ticket(new JsonObject(response.body()).getString("number"));
        JsonArray attachments = stored.getJsonArray("attachments");
        assertThat(attachments).hasSize(2);
        assertThat(attachments.getJsonObject(0).getString("contentType")).isEqualTo("image/png");
        assertThat(attachments.getJsonObject(0).getLong("size")).isEqualTo(4096L);
    }

    @Test
    void photoOfWrongTypeNamesItsIndex() throws Exception {
        long before = server.ticketCount();
        Multipart form = new Multipart()
                .field("type", "report")
                .field("description", "照片类型不对")
                .field("consent", "true")
                .file("photos", "good.png", "image/png", Multipart.png(1024))
                .file("photos", "fake.jpg", "image/jpeg", Multipart.png(1024))
                .file("photos", "text.jpg", "image/jpeg", "not an image at all".getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> response = postMultipart(form);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonObject body = new JsonObject(response.body());
        assertThat(fieldNames(body)).containsExactly("photos[1]", "photos[2]");
        assertThat(body.getJsonObject("error").getJsonArray("fields").getJsonObject(0).getString("code"))
                .isEqualTo("file_type_mismatch");
        assertThat(server.ticketCount()).isEqualTo(before);
    }

    @Test
    void sixPhotosAreTooMany() throws Exception {
        long before = server.ticketCount();
        Multipart form = new Multipart()
                .field("type", "report")
                .field("description", "六张照片")
                .field("consent", "true");
        for (int i = 0; i < 6; i++) {
            form.file("photos", "p" + i + ".png", "image/png", Multipart.png(512 + i));
        }

        HttpResponse<String> response = postMultipart(form);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonObject body = new JsonObject(response.body());
        assertThat(fieldNames(body)).contains("photos");
        assertThat(body.encode()).contains("too_many_files");
        assertThat(server.ticketCount()).isEqualTo(before);
    }

    @Test
    void oversizeBodyGets413Json() throws Exception {
        long before = server.ticketCount();
        Multipart form = new Multipart()
                .field("type", "report")
                .field("description", "太大")
                .field("consent", "true")
                .file("photos", "huge.png", "image/png", Multipart.png(1536 * 1024));

        HttpResponse<String> response = postMultipart(form);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(new JsonObject(response.body()).getJsonObject("error").getString("code"))
                .isEqualTo("body_too_large");
        assertThat(server.ticketCount()).isEqualTo(before);
    }

    @Test
    void invalidUtf8IsRejectedInEveryEncoding() throws Exception {
        long before = server.ticketCount();
        byte[] rawForm = "type=complaint&consent=on&description=\u0000".getBytes(StandardCharsets.US_ASCII);
        rawForm[rawForm.length - 1] = (byte) 0xFF;
        byte[] json = "{\"type\":\"complaint\",\"consent\":true,\"description\":\"\u0000\"}".getBytes(StandardCharsets.US_ASCII);
        json[json.length - 3] = (byte) 0xC3;
        Multipart multipart = new Multipart()
                .field("type", "complaint")
                .field("consent", "true")
                .field("description", new byte[] {(byte) 0xE5, (byte) 0xBC});

        List<HttpResponse<String>> responses = List.of(
                postForm("type=complaint&consent=on&description=%FF%FE".getBytes(StandardCharsets.US_ASCII)),
                postForm(rawForm),
                server.send(server.request("/api/v1/reports").header("Content-Type", "application/json")
                        .POST(BodyPublishers.ofByteArray(json)).build()),
                postMultipart(multipart));

        for (HttpResponse<String> response : responses) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(new JsonObject(response.body()).getJsonObject("error").getString("code"))
                    .isEqualTo("invalid_utf8");
        }
        assertThat(server.ticketCount()).isEqualTo(before);
    }

    @Test
    void repeatWithSameKeyReturnsFirstTicket() throws Exception {
        String key = UUID.randomUUID().toString();
        long before = server.ticketCount();

        HttpResponse<String> first = postJson(validReport(), "Idempotency-Key", key);
        HttpResponse<String> second = postJson(validReport(), "Idempotency-Key", key);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(200);
        JsonObject repeat = new JsonObject(second.body());
        assertThat(repeat.getString("number")).isEqualTo(new JsonObject(first.body()).getString("number"));
        assertThat(repeat.getBoolean("created")).isFalse();
        assertThat(server.ticketCount()).isEqualTo(before + 1);
    }

    @Test
    void tenConcurrentRepeatsFileOneTicket() throws Exception {
        String key = UUID.randomUUID().toString();
        long before = server.ticketCount();
        Multipart form = new Multipart()
                .field("type", "help")
                .field("description", "双击提交也只能有一个工单")
                .field("consent", "true")
                .file("photos", "scene.png", "image/png", Multipart.png(3000));
        HttpRequest request = server.request("/api/v1/reports")
                .header("Content-Type", form.contentType())
                .header("Idempotency-Key", key)
                .POST(BodyPublishers.ofByteArray(form.bytes()))
                .build();
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();

        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
        }
        Set<String> numbers = new HashSet<>();
        int created = 0;
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> response = call.get();
            assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
            numbers.add(new JsonObject(response.body()).getString("number"));
            created += response.statusCode() == 201 ? 1 : 0;
        }

        assertThat(numbers).hasSize(1);
        assertThat(created).isEqualTo(1);
        assertThat(server.ticketCount()).isEqualTo(before + 1);
    }

    @Test
    void longChineseDescriptionIsStoredExactly() throws Exception {
        String description = "停水".repeat(1500);
        String body = "name=%E5%BC%A0%E4%B8%89&phone=13800000000&type=complaint&consent=on&description="
                + encode(description);
        assertThat(body.length()).isGreaterThan(27000);

        HttpResponse<String> response = postForm(body.getBytes(StandardCharsets.US_ASCII));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        String stored = server.ticket(new JsonObject(response.body()).getString("number")).getString("description");
        assertThat(stored).hasSize(3000);
        assertThat(stored).isEqualTo(description);
    }

    @Test
    void overlongDescriptionGets413WithMaximum() throws Exception {
        long before = server.ticketCount();
        String body = "name=%E5%BC%A0%E4%B8%89&phone=13800000000&type=complaint&consent=on&description="
                + encode("停水".repeat(3000));

        HttpResponse<String> response = postForm(body.getBytes(StandardCharsets.US_ASCII));

        assertThat(response.statusCode()).isEqualTo(413);
        JsonObject error = new JsonObject(response.body()).getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("field_too_large");
        JsonObject field = error.getJsonArray("fields").getJsonObject(0);
        assertThat(field.getString("field")).isEqualTo("description");
        assertThat(field.getString("code")).isEqualTo("too_long");
        assertThat(field.getString("message")).contains("5000");
        assertThat(server.ticketCount()).isEqualTo(before);
    }

    @Test
    void missingFieldsAreListedInEnglish() throws Exception {
        HttpResponse<String> response = postJson(new JsonObject().put("phone", "12"), "Accept-Language", "en-US,en;q=0.9");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonObject body = new JsonObject(response.body());
        assertThat(fieldNames(body)).contains("type", "description", "consent", "phone");
        assertThat(body.getJsonObject("error").getString("message")).startsWith("Some fields are invalid");
    }

    @Test
    void limitsComeFromConfiguration() throws Exception {
        HttpResponse<String> response = server.get("/api/v1/reports/limits");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject limits = new JsonObject(response.body());
        assertThat(limits.getInteger("maxDescriptionChars")).isEqualTo(5000);
        assertThat(limits.getInteger("maxPhotos")).isEqualTo(5);
        assertThat(limits.getLong("maxBodyBytes")).isEqualTo(1024L * 1024);
        assertThat(limits.getJsonArray("photoTypes")).contains("image/jpeg", "image/png");
    }

    @Test
    void pagesAreServedAsUtf8() throws Exception {
        Map<String, String> expected = Map.of(
                "/report", "text/html",
                "/report/", "text/html",
                "/report/status?number=1&token=2", "text/html",
                "/report/report.js", "text/javascript",
                "/report/status.js", "text/javascript",
                "/report/messages.js", "text/javascript",
                "/report/i18n.js", "text/javascript",
                "/report/report.css", "text/css");
        for (Map.Entry<String, String> page : expected.entrySet()) {
            HttpResponse<String> response = server.get(page.getKey());

            assertThat(response.statusCode()).as(page.getKey()).isEqualTo(200);
            String type = response.headers().firstValue("Content-Type").orElse("");
            assertThat(type).as(page.getKey()).startsWith(page.getValue());
            assertThat(type.toLowerCase()).as(page.getKey()).contains("charset=utf-8");
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(page.getKey())
                    .hasValueSatisfying(policy -> assertThat(policy).contains("default-src 'self'"));
        }
        assertThat(server.get("/report").body()).contains("网上反映问题");
        assertThat(server.get("/report/status").body()).contains("查询办理进度");
    }
}
