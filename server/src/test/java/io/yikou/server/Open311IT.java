package io.yikou.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.yikou.core.category.CategoryTree;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.ticket.TicketStatus;
import io.yikou.core.ticket.impl.RedisTicketStore;
import io.yikou.testkit.RedisExtension;
import io.yikou.testkit.SharedData;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The Open311 GeoReport v2 endpoint on a whole node: every method, both formats, every error path. */
class Open311IT {

    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private static final String KEY = "open311-test-key-0123456789";
    private static final String OTHER_KEY = "open311-other-key-9876543210";
    private static final String JURISDICTION = "dongcheng.example";

    private static TestServer server;
    private static Vertx vertx;
    private static RedisConnector connector;
    private static RedisTicketStore store;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(redis.url(), "", Map.of(
                "YIKOU_OPEN311_API_KEYS", KEY + "," + OTHER_KEY,
                "YIKOU_OPEN311_JURISDICTION_ID", JURISDICTION));
        vertx = Vertx.vertx();
        connector = RedisConnector.connect(vertx, redis.url(), Duration.ofSeconds(10));
        store = new RedisTicketStore(connector, "96010", ZoneId.of("Asia/Shanghai"), Duration.ofDays(7), 100_000);
    }

    @AfterAll
    static void stop() throws Exception {
        connector.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        server.close();
    }

    // ---- helpers ----

    private static String form(Map<String, String> fields) {
        StringBuilder body = new StringBuilder();
        fields.forEach((name, value) -> {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
        return body.toString();
    }

    private static Map<String, String> validRequest() {
        Map<String, String> fields = new HashMap<>();
        fields.put("api_key", KEY);
        fields.put("jurisdiction_id", JURISDICTION);
        fields.put("service_code", "E0201");
        fields.put("lat", "39.9321");
        fields.put("long", "116.4171");
        fields.put("address_string", "东城区东四北大街12号");
        fields.put("description", "井盖松动，车辆经过时响声很大。");
        fields.put("first_name", "三");
        fields.put("last_name", "张");
        fields.put("phone", "13800000000");
        fields.put("email", "zhangsan@example.com");
        fields.put("media_url", "https://photos.example/p/1.jpg");
        return fields;
    }

    private static HttpResponse<String> post(String format, String body, String... headers) throws Exception {
        var request = server.request("/open311/v2/requests." + format)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return server.send(request.build());
    }

    private static String create(Map<String, String> fields) throws Exception {
        HttpResponse<String> response = post("json", form(fields));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return new JsonArray(response.body()).getJsonObject(0).getString("service_request_id");
    }

    private static Document xml(String text) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertJsonError(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonArray errors = new JsonArray(response.body());
        assertThat(errors).isNotEmpty();
        for (int i = 0; i < errors.size(); i++) {
            assertThat(errors.getJsonObject(i).getInteger("code")).isEqualTo(status);
            assertThat(errors.getJsonObject(i).getString("description")).isNotBlank();
        }
    }

    private static void assertXmlError(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/xml");
        assertThat(response.body()).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        Element root = xml(response.body()).getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("errors");
        Element error = (Element) root.getElementsByTagName("error").item(0);
        assertThat(error.getElementsByTagName("code").item(0).getTextContent()).isEqualTo(Integer.toString(status));
        assertThat(error.getElementsByTagName("description").item(0).getTextContent()).isNotBlank();
    }

    private static List<String> descriptions(HttpResponse<String> response) {
        JsonArray errors = new JsonArray(response.body());
        return errors.stream().map(e -> ((JsonObject) e).getString("description")).toList();
    }

    private static void close(String number) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> !server.ticket(number).getString("status").equals("new"));
        store.modify(number, ticket -> ticket.status() == TicketStatus.CLOSED ? ticket
                        : ticket.transition(TicketStatus.CLOSED, Instant.now(), "test", "done", Map.of()), "ticket.status")
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    // ---- discovery and services ----

    @Test
    void discoveryInBothFormats() throws Exception {
        HttpResponse<String> json = server.get("/open311/v2/discovery.json");
        HttpResponse<String> xml = server.get("/open311/v2/discovery.xml");

        assertThat(json.statusCode()).isEqualTo(200);
        JsonObject endpoint = new JsonObject(json.body()).getJsonArray("endpoints").getJsonObject(0);
        assertThat(endpoint.getString("specification")).isEqualTo("http://wiki.open311.org/GeoReport_v2");
        assertThat(endpoint.getString("url")).isEqualTo("http://127.0.0.1:" + server.port() + "/open311/v2");
        assertThat(endpoint.getJsonArray("formats")).containsExactly("text/xml", "application/json");
        assertThat(xml.statusCode()).isEqualTo(200);
        assertThat(xml.body()).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        Element root = xml(xml.body()).getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("discovery");
        assertThat(root.getElementsByTagName("format").getLength()).isEqualTo(2);
    }

    @Test
    void servicesAreTheLeafCategories() throws Exception {
        int leaves = CategoryTree.bundled().leaves().size();

        HttpResponse<String> json = server.get("/open311/v2/services.json");
        HttpResponse<String> xml = server.get("/open311/v2/services.xml?jurisdiction_id=" + JURISDICTION);

        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        JsonArray services = new JsonArray(json.body());
        assertThat(services).hasSize(leaves);
        JsonObject first = services.getJsonObject(0);
        assertThat(first.getString("service_code")).isNotBlank();
        assertThat(first.getString("service_name")).isNotBlank();
        assertThat(first.getBoolean("metadata")).isFalse();
        assertThat(first.getString("type")).isEqualTo("realtime");
        assertThat(first.getString("group")).isNotBlank();
        assertThat(first.getString("keywords")).contains(",");
        assertThat(xml.statusCode()).isEqualTo(200);
        assertThat(xml.headers().firstValue("Content-Type")).hasValue("text/xml; charset=utf-8");
        Document document = xml(xml.body());
        assertThat(document.getDocumentElement().getTagName()).isEqualTo("services");
        assertThat(document.getElementsByTagName("service").getLength()).isEqualTo(leaves);
    }

    @Test
    void serviceDefinitionListsAttributes() throws Exception {
        HttpResponse<String> json = server.get("/open311/v2/services/E0201.json");
        HttpResponse<String> xml = server.get("/open311/v2/services/E0201.xml");

        assertThat(json.statusCode()).isEqualTo(200);
        JsonObject definition = new JsonObject(json.body());
        assertThat(definition.getString("service_code")).isEqualTo("E0201");
        JsonArray attributes = definition.getJsonArray("attributes");
        assertThat(attributes.getJsonObject(0).getString("code")).isEqualTo("ticket_type");
        assertThat(attributes.getJsonObject(0).getJsonArray("values")).hasSize(6);
        assertThat(attributes.getJsonObject(1).getString("code")).isEqualTo("external_id");
        Element root = xml(xml.body()).getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("service_definition");
        assertThat(root.getElementsByTagName("attribute").getLength()).isEqualTo(2);
        assertThat(root.getElementsByTagName("value").getLength()).isEqualTo(6);
    }

    @Test
    void unknownServiceIs404() throws Exception {
        assertJsonError(server.get("/open311/v2/services/NOPE.json"), 404);
        assertXmlError(server.get("/open311/v2/services/NOPE.xml"), 404);
        // An inner node of the tree is not a service.
        assertJsonError(server.get("/open311/v2/services/H01.json"), 404);
    }

    @Test
    void otherJurisdictionIs404() throws Exception {
        assertJsonError(server.get("/open311/v2/services.json?jurisdiction_id=other.example"), 404);
        assertXmlError(server.get("/open311/v2/requests.xml?jurisdiction_id=other.example"), 404);
        Map<String, String> fields = validRequest();
        fields.put("jurisdiction_id", "other.example");
        assertJsonError(post("json", form(fields)), 404);
    }

    @Test
    void unknownPathIs404InSpecFormat() throws Exception {
        assertJsonError(server.get("/open311/v2/nothing.json"), 404);
        assertXmlError(server.get("/open311/v2/nothing.xml"), 404);
        assertJsonError(server.get("/open311/v2/tokens/abc.json"), 404);
        assertXmlError(server.get("/open311/v2/tokens/abc.xml"), 404);
    }

    // ---- POST requests ----

    @Test
    void postWithoutValidKeyIs403() throws Exception {
        Map<String, String> fields = validRequest();
        fields.remove("api_key");
        long before = server.ticketCount();

        assertJsonError(post("json", form(fields)), 403);
        assertXmlError(post("xml", form(fields)), 403);
        fields.put("api_key", "not-a-valid-key-at-all");
        assertJsonError(post("json", form(fields)), 403);
        fields.put("api_key", KEY.substring(0, KEY.length() - 1));
        assertJsonError(post("json", form(fields)), 403);
        assertThat(server.ticketCount()).isEqualTo(before);
    }

    @Test
    void postCreatesOpen311Ticket() throws Exception {
        HttpResponse<String> response = post("json", form(validRequest()));

        assertThat(response.statusCode()).isEqualTo(201);
        JsonObject created = new JsonArray(response.body()).getJsonObject(0);
        String id = created.getString("service_request_id");
        assertThat(created.getString("service_notice")).contains(id);
        assertThat(created.containsKey("token")).isFalse();
        JsonObject stored = server.ticket(id);
        assertThat(stored.getJsonArray("channels").getString(0)).isEqualTo("open311");
        assertThat(stored.getString("categoryCode")).isEqualTo("E0201");
        assertThat(stored.getString("type")).isEqualTo("help");
        assertThat(stored.getJsonObject("reporter").getString("name")).isEqualTo("张三");
        assertThat(stored.getJsonObject("reporter").getString("phone")).isEqualTo("13800000000");
        assertThat(stored.getJsonObject("externalIds").getString("open311.email")).isEqualTo("zhangsan@example.com");
        assertThat(stored.getJsonObject("location").getString("address")).isEqualTo("东城区东四北大街12号");
    }

    @Test
    void postAnswersInXml() throws Exception {
        Map<String, String> fields = validRequest();
        fields.put("attribute[ticket_type]", "complaint");

        HttpResponse<String> response = post("xml", form(fields));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        Element root = xml(response.body()).getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("service_requests");
        String id = root.getElementsByTagName("service_request_id").item(0).getTextContent();
        assertThat(server.ticket(id).getString("type")).isEqualTo("complaint");
    }

    @Test
    void postWithAddressOnlyAndNoDescription() throws Exception {
        Map<String, String> fields = new HashMap<>(Map.of("api_key", KEY, "service_code", "E0201",
                "address_string", "东城区北新桥", "lat", "", "description", ""));

        String id = create(fields);

        JsonObject stored = server.ticket(id);
        assertThat(stored.getString("description")).isNotBlank();
        assertThat(stored.getJsonObject("location").containsKey("point")).isFalse();
        assertThat(stored.containsKey("reporter")).isFalse();
    }

    @Test
    void postRejectsInvalidParameters() throws Exception {
        long before = server.ticketCount();
        Map<String, Map<String, String>> cases = new HashMap<>();
        cases.put("no location", Map.of("api_key", KEY, "service_code", "E0201", "description", "x"));
        cases.put("lat without long", Map.of("api_key", KEY, "service_code", "E0201", "lat", "39.9"));
        cases.put("bad number", Map.of("api_key", KEY, "service_code", "E0201", "lat", "39,9", "long", "116.4"));
        cases.put("out of range", Map.of("api_key", KEY, "service_code", "E0201", "lat", "99", "long", "116.4"));
        cases.put("long description", Map.of("api_key", KEY, "service_code", "E0201", "address_string", "东四",
                "description", "长".repeat(4001)));
        cases.put("bad email", Map.of("api_key", KEY, "service_code", "E0201", "address_string", "东四",
                "email", "not-an-email"));
        cases.put("bad media url", Map.of("api_key", KEY, "service_code", "E0201", "address_string", "东四",
                "media_url", "file:///etc/passwd"));
        cases.put("bad phone", Map.of("api_key", KEY, "service_code", "E0201", "address_string", "东四",
                "phone", "12345"));
        cases.put("bad ticket type", Map.of("api_key", KEY, "service_code", "E0201", "address_string", "东四",
                "attribute[ticket_type]", "lawsuit"));
        cases.put("missing service code", Map.of("api_key", KEY, "address_string", "东四"));
        for (Map.Entry<String, Map<String, String>> invalid : cases.entrySet()) {
            HttpResponse<String> response = post("json", form(invalid.getValue()));

            assertThat(response.statusCode()).as(invalid.getKey() + ": " + response.body()).isEqualTo(400);
            assertJsonError(response, 400);
        }
        assertJsonError(post("json", "api_key=" + KEY + "&service_code=NOPE&address_string=x"), 404);
        assertThat(server.ticketCount()).isEqualTo(before);
    }

    @Test
    void postListsEveryProblem() throws Exception {
        HttpResponse<String> response = post("json", "api_key=" + KEY + "&service_code=E0201&lat=abc&long=116"
                + "&email=nope&attribute%5Bticket_type%5D=x", "Accept-Language", "en");

        assertJsonError(response, 400);
        assertThat(descriptions(response)).hasSize(3);
        assertThat(String.join(" ", descriptions(response))).contains("lat", "email", "ticket_type");
    }

    @Test
    void postRejectsMalformedBodies() throws Exception {
        long before = server.ticketCount();

        assertJsonError(post("json", "api_key=" + KEY + "&service_code=E0201&address_string=%FF%FE"), 400);
        assertXmlError(post("xml", "api_key=" + KEY + "&service_code=E0201&address_string=%E4%B8"), 400);
        assertJsonError(server.send(server.request("/open311/v2/requests.json")
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"api_key\":\"" + KEY + "\"}")).build()), 400);
        assertJsonError(post("json", "api_key=" + KEY + "&service_code=E0201&service_code=E0202&address_string=x"), 400);
        assertThat(server.ticketCount()).isEqualTo(before);
    }

    @Test
    void repeatedPostReturnsSameRequest() throws Exception {
        long before = server.ticketCount();
        String key = UUID.randomUUID().toString();

        HttpResponse<String> first = post("json", form(validRequest()), "Idempotency-Key", key);
        HttpResponse<String> second = post("json", form(validRequest()), "Idempotency-Key", key);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(new JsonArray(second.body()).getJsonObject(0).getString("service_request_id"))
                .isEqualTo(new JsonArray(first.body()).getJsonObject(0).getString("service_request_id"));
        assertThat(server.ticketCount()).isEqualTo(before + 1);
    }

    @Test
    void repeatedExternalIdReturnsSameRequest() throws Exception {
        long before = server.ticketCount();
        Map<String, String> fields = validRequest();
        fields.put("attribute[external_id]", "CASE-" + UUID.randomUUID());

        HttpResponse<String> first = post("json", form(fields));
        HttpResponse<String> second = post("xml", form(fields));

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(200);
        String id = new JsonArray(first.body()).getJsonObject(0).getString("service_request_id");
        assertThat(xml(second.body()).getElementsByTagName("service_request_id").item(0).getTextContent())
                .isEqualTo(id);
        assertThat(server.ticketCount()).isEqualTo(before + 1);
        // Another client's identical external id is its own request.
        fields.put("api_key", OTHER_KEY);
        assertThat(post("json", form(fields)).statusCode()).isEqualTo(201);
        assertThat(server.ticketCount()).isEqualTo(before + 2);
    }

    // ---- GET requests ----

    @Test
    void requestIsShownWithoutPersonalData() throws Exception {
        String id = create(validRequest());

        HttpResponse<String> json = server.get("/open311/v2/requests/" + id + ".json");
        HttpResponse<String> xml = server.get("/open311/v2/requests/" + id + ".xml");

        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        JsonObject request = new JsonArray(json.body()).getJsonObject(0);
        assertThat(request.getString("service_request_id")).isEqualTo(id);
        assertThat(request.getString("status")).isEqualTo("open");
        assertThat(request.getString("service_code")).isEqualTo("E0201");
        assertThat(request.getString("address")).isEqualTo("东城区东四北大街12号");
        assertThat(request.getDouble("lat")).isEqualTo(39.9321);
        assertThat(request.getDouble("long")).isEqualTo(116.4171);
        assertThat(request.getString("media_url")).isEqualTo("https://photos.example/p/1.jpg");
        assertThat(OffsetDateTime.parse(request.getString("requested_datetime")).getOffset().getId()).isEqualTo("+08:00");
        for (String body : List.of(json.body(), xml.body())) {
            assertThat(body).doesNotContain("13800000000", "张三", "zhangsan@example.com");
        }
        Element root = xml(xml.body()).getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("service_requests");
        assertThat(root.getElementsByTagName("request").getLength()).isEqualTo(1);
        assertThat(root.getElementsByTagName("status").item(0).getTextContent()).isEqualTo("open");
    }

    @Test
    void otherChannelsAreNotPublic() throws Exception {
        HttpResponse<String> report = server.send(server.request("/api/v1/reports")
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(new JsonObject().put("type", "help").put("description", "网页反映")
                        .put("consent", true).encode())).build());
        String number = new JsonObject(report.body()).getString("number");

        assertJsonError(server.get("/open311/v2/requests/" + number + ".json"), 404);
        HttpResponse<String> byId = server.get("/open311/v2/requests.json?service_request_id=" + number);
        assertThat(new JsonArray(byId.body())).isEmpty();
        assertThat(server.get("/open311/v2/requests.json").body()).doesNotContain(number);
    }

    @Test
    void listFiltersByIdStatusAndService() throws Exception {
        String open = create(validRequest());
        Map<String, String> other = validRequest();
        other.put("service_code", "H0104");
        String closed = create(other);
        close(closed);

        JsonArray all = new JsonArray(server.get("/open311/v2/requests.json").body());
        JsonArray onlyOpen = new JsonArray(server.get("/open311/v2/requests.json?status=open").body());
        JsonArray onlyClosed = new JsonArray(server.get("/open311/v2/requests.json?status=closed").body());
        JsonArray heating = new JsonArray(server.get("/open311/v2/requests.json?service_code=H0104").body());
        JsonArray byIds = new JsonArray(server.get("/open311/v2/requests.json?service_request_id=" + open + ","
                + closed + "&status=closed&service_code=H0104").body());

        assertThat(ids(all)).contains(open, closed);
        assertThat(ids(onlyOpen)).contains(open).doesNotContain(closed);
        assertThat(ids(onlyClosed)).contains(closed).doesNotContain(open);
        assertThat(ids(heating)).contains(closed).doesNotContain(open);
        // service_request_id overrides every other filter.
        assertThat(ids(byIds)).containsExactly(open, closed);
        assertThat(onlyClosed.getJsonObject(0).getString("status")).isEqualTo("closed");
    }

    @Test
    void listHonoursDateWindow() throws Exception {
        String id = create(validRequest());
        String now = OffsetDateTime.now().toString();

        JsonArray recent = new JsonArray(server.get("/open311/v2/requests.json?start_date="
                + URLEncoder.encode(OffsetDateTime.now().minusHours(1).toString(), StandardCharsets.UTF_8)).body());
        JsonArray old = new JsonArray(server.get("/open311/v2/requests.json?end_date=2020-01-01T00:00:00Z").body());

        assertThat(ids(recent)).contains(id);
        assertThat(old).isEmpty();
        assertJsonError(server.get("/open311/v2/requests.json?start_date=2020-01-01T00:00:00Z&end_date="
                + URLEncoder.encode(now, StandardCharsets.UTF_8)), 400);
        assertJsonError(server.get("/open311/v2/requests.json?start_date=2021-02-01T00:00:00Z"
                + "&end_date=2021-01-01T00:00:00Z"), 400);
        assertJsonError(server.get("/open311/v2/requests.json?start_date=yesterday"), 400);
        assertXmlError(server.get("/open311/v2/requests.xml?start_date=2021-01-01T00:00:00"), 400);
        assertJsonError(server.get("/open311/v2/requests.json?status=pending"), 400);
        assertJsonError(server.get("/open311/v2/requests.json?service_code=NOPE"), 404);
        assertJsonError(server.get("/open311/v2/requests/96010-20200101-999999.json"), 404);
    }

    private static List<String> ids(JsonArray requests) {
        return requests.stream().map(r -> ((JsonObject) r).getString("service_request_id")).toList();
    }

    /**
     * Our records parse with the same field expectations as real GeoReport v2 records from the City
     * of Chicago. Every standard field both have has the same JSON type, and the fields every Chicago
     * record has are present. Statuses are open or closed, and times are W3C date-times.
     */
    @Test
    void listMatchesRealOpen311Records() throws Exception {
        Path examples = SharedData.require("data/open311-chicago-examples/requests.json");
        JsonArray chicago = new JsonArray(Files.readString(examples));
        Set<String> standard = Set.of("service_request_id", "status", "status_notes", "service_name", "service_code",
                "description", "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
                "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url");
        Map<String, Class<?>> types = new HashMap<>();
        Set<String> inEveryRecord = new java.util.HashSet<>(standard);
        for (Object item : chicago) {
            JsonObject record = (JsonObject) item;
            inEveryRecord.retainAll(record.fieldNames());
            for (String field : record.fieldNames()) {
                if (standard.contains(field) && record.getValue(field) != null) {
                    types.putIfAbsent(field, record.getValue(field) instanceof Number ? Number.class : String.class);
                }
            }
            assertThat(record.getString("status")).isIn("open", "closed");
            OffsetDateTime.parse(record.getString("requested_datetime"));
        }
        String located = create(validRequest());

        JsonArray ours = new JsonArray(server.get("/open311/v2/requests.json").body());

        assertThat(inEveryRecord).contains("service_request_id", "status", "service_code", "requested_datetime");
        // Every Chicago record has a point and an address; ours have them only when the client sent them.
        Set<String> location = Set.of("lat", "long", "address");
        assertThat(ours).isNotEmpty();
        for (Object item : ours) {
            JsonObject record = (JsonObject) item;
            for (String field : inEveryRecord) {
                if (!location.contains(field) || record.getString("service_request_id").equals(located)) {
                    assertThat(record.fieldNames()).as(record.encode()).contains(field);
                }
            }
            for (String field : record.fieldNames()) {
                assertThat(standard).as("non-standard field " + field).contains(field);
                if (types.containsKey(field)) {
                    Class<?> expected = types.get(field);
                    assertThat(expected.isInstance(record.getValue(field))).as(field + " is a " + expected.getSimpleName())
                            .isTrue();
                }
            }
            assertThat(record.getString("status")).isIn("open", "closed");
            OffsetDateTime.parse(record.getString("requested_datetime"));
            OffsetDateTime.parse(record.getString("updated_datetime"));
        }
    }
}
