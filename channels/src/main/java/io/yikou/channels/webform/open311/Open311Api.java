package io.yikou.channels.webform.open311;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import io.yikou.core.category.Category;
import io.yikou.core.contact.Channel;
import io.yikou.core.http.FormBodies;
import io.yikou.core.i18n.Messages;
import io.yikou.core.intake.IntakeResult;
import io.yikou.core.intake.TicketDraft;
import io.yikou.core.module.ModuleContext;
import io.yikou.core.text.CodePoints;
import io.yikou.core.ticket.GeoPoint;
import io.yikou.core.ticket.Reporter;
import io.yikou.core.ticket.Ticket;
import io.yikou.core.ticket.TicketType;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The GeoReport v2 methods: discovery, service list and definitions, {@code POST requests} (with an
 * {@code api_key}), {@code GET requests}, {@code GET requests/{id}} and {@code GET tokens/{token}}.
 *
 * <p>A POST creates a ticket through {@code IntakeService} on channel {@code open311}. Its
 * {@code Idempotency-Key} header, or else {@code attribute[external_id]}, makes every repeat return
 * the first request; keys are scoped to the API key, so two clients cannot collide.
 */
final class Open311Api {

    /** Maximum description length, in characters, that GeoReport v2 allows. */
    static final int MAX_DESCRIPTION_CHARS = 4000;
    /** Maximum records one {@code GET requests} returns, as the spec's default volume. */
    static final int MAX_RECORDS = 1000;
    /** Maximum window from {@code start_date} to {@code end_date} that the spec allows. */
    static final Duration MAX_WINDOW = Duration.ofDays(90);
    static final int MAX_URL_CHARS = 2048;
    static final int MAX_EMAIL_CHARS = 254;

    static final String ATTRIBUTE_TICKET_TYPE = "ticket_type";
    static final String ATTRIBUTE_EXTERNAL_ID = "external_id";

    /** External ids stored with a ticket; email is shown to staff only, never by the open GETs. */
    static final String EXTERNAL_ID = "open311.external_id";
    static final String EXTERNAL_MEDIA_URL = "open311.media_url";
    static final String EXTERNAL_ADDRESS_ID = "open311.address_id";
    static final String EXTERNAL_EMAIL = "open311.email";
    static final String EXTERNAL_CLIENT = "open311.client";

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Set<String> SINGLE_VALUED = Set.of("api_key", "jurisdiction_id", "service_code", "lat",
            "long", "address_string", "address_id", "email", "device_id", "account_id", "first_name", "last_name",
            "phone", "description", "media_url");

    private final ModuleContext context;
    private final Open311Options options;
    private final Open311Records records;
    private final Open311Index index;
    private final Messages open311Messages;
    private final List<byte[]> keyDigests;

    Open311Api(ModuleContext context, Open311Options options, Open311Records records, Open311Index index,
               Messages open311Messages) {
        this.context = context;
        this.options = options;
        this.records = records;
        this.index = index;
        this.open311Messages = open311Messages;
        this.keyDigests = options.apiKeys().stream().map(Open311Api::sha256).toList();
    }

    // ---- Discovery and services ----

    void discovery(RoutingContext ctx) {
        HostAndPort authority = ctx.request().authority();
        String scheme = ctx.request().scheme() == null ? "http" : ctx.request().scheme();
        String url = authority == null ? Open311Module.BASE_PATH
                : scheme + "://" + authority + Open311Module.BASE_PATH;
        respond(ctx, 200, records.discovery(url, locale(ctx)));
    }

    void services(RoutingContext ctx) {
        checkJurisdiction(queryParameters(ctx));
        respond(ctx, 200, records.services(locale(ctx)));
    }

    void serviceDefinition(RoutingContext ctx) {
        checkJurisdiction(queryParameters(ctx));
        Category service = leaf(ctx.pathParam("code"));
        respond(ctx, 200, records.definition(service, locale(ctx)));
    }

    void token(RoutingContext ctx) {
        checkJurisdiction(queryParameters(ctx));
        // Every service here is realtime: a POST returns the id at once and never a token.
        throw Open311Exception.of(404, "open311.token_not_found", shorten(ctx.pathParam("token")));
    }

    // ---- POST requests ----

    void create(RoutingContext ctx) {
        MultiMap params = postParameters(ctx);
        String client = authenticate(params);
        checkJurisdiction(params);

        List<Open311Exception.Problem> problems = new ArrayList<>();
        checkRepeats(params, problems);
        String serviceCode = blankToNull(params.get("service_code"));
        if (serviceCode == null) {
            throw Open311Exception.of(400, "open311.service_code_missing");
        }
        Category service = leaf(serviceCode);

        GeoPoint point = point(params, problems);
        String address = blankToNull(params.get("address_string"));
        String addressId = blankToNull(params.get("address_id"));
        if (point == null && address == null && addressId == null && !hasLatOrLong(params)) {
            problems.add(Open311Exception.Problem.of("open311.location_missing"));
        }
        String description = params.get("description");
        if (description != null && CodePoints.length(description) > MAX_DESCRIPTION_CHARS) {
            problems.add(Open311Exception.Problem.of("open311.description_too_long", MAX_DESCRIPTION_CHARS,
                    CodePoints.length(description)));
        }
        Map<String, String> external = externalIds(params, client, addressId, problems);
        TicketType type = ticketType(params, problems);
        if (!problems.isEmpty()) {
            throw new Open311Exception(400, problems);
        }

        String phone = blankToNull(params.get("phone"));
        String name = fullName(blankToNull(params.get("first_name")), blankToNull(params.get("last_name")));
        Reporter reporter = phone == null && name == null ? null : new Reporter(name, phone);
        // The spec makes description optional but a ticket needs one, so the service name replaces it.
        String text = description == null || description.isBlank() ? service.name() : description;
        TicketDraft draft = new TicketDraft(Channel.OPEN311, type, service.code(), text, address, point, List.of(),
                reporter, external, false);

        String header = blankToNull(ctx.request().getHeader("Idempotency-Key"));
        String idempotencyKey = header != null ? header : external.get(EXTERNAL_ID);
        context.intake().submit(draft, "open311:" + client, idempotencyKey)
                .compose(result -> index.add(result.ticket()).map(result))
                .onSuccess(result -> respond(ctx, result.created() ? 201 : 200, created(result, locale(ctx))))
                .onFailure(ctx::fail);
    }

    private Open311Document created(IntakeResult result, Locale locale) {
        Open311Document.Fields request = new Open311Document.Fields()
                .put("service_request_id", result.ticket().number())
                .put("service_notice", open311Messages.get(locale, "service_notice", result.ticket().number()));
        return new Open311Document("service_requests", new Open311Document.Items("request", List.of(request)));
    }

    /** Returns the client id for the presented key: the first 12 hex digits of its SHA-256. */
    private String authenticate(MultiMap params) {
        String key = blankToNull(params.get("api_key"));
        if (key == null) {
            throw Open311Exception.of(403, "open311.api_key_missing");
        }
        byte[] presented = sha256(key);
        boolean known = false;
        for (byte[] digest : keyDigests) {
            // Compare with every key, so the time taken does not tell which one nearly matched.
            known |= MessageDigest.isEqual(presented, digest);
        }
        if (!known) {
            throw Open311Exception.of(403, "open311.api_key_invalid");
        }
        return HexFormat.of().formatHex(presented).substring(0, 12);
    }

    private static void checkRepeats(MultiMap params, List<Open311Exception.Problem> problems) {
        for (String name : params.names()) {
            String lower = name.toLowerCase(Locale.ROOT);
            boolean single = SINGLE_VALUED.contains(lower) || (lower.startsWith("attribute[") && !lower.endsWith("[]"));
            if (single && new LinkedHashSet<>(params.getAll(name)).size() > 1) {
                problems.add(Open311Exception.Problem.of("open311.repeated_parameter", name));
            }
        }
    }

    private static boolean hasLatOrLong(MultiMap params) {
        return blankToNull(params.get("lat")) != null || blankToNull(params.get("long")) != null;
    }

    /** Reads {@code lat} and {@code long}: both or neither, decimal WGS-84 degrees. */
    private static GeoPoint point(MultiMap params, List<Open311Exception.Problem> problems) {
        String lat = blankToNull(params.get("lat"));
        String lon = blankToNull(params.get("long"));
        if (lat == null && lon == null) {
            return null;
        }
        if (lat == null || lon == null) {
            problems.add(Open311Exception.Problem.of("open311.lat_long_pair"));
            return null;
        }
        Double latitude = number("lat", lat, problems);
        Double longitude = number("long", lon, problems);
        if (latitude == null || longitude == null) {
            return null;
        }
        try {
            return new GeoPoint(latitude, longitude);
        } catch (IllegalArgumentException e) {
            problems.add(Open311Exception.Problem.of("open311.point_out_of_range", lat, lon));
            return null;
        }
    }

    private static Double number(String name, String text, List<Open311Exception.Problem> problems) {
        try {
            double value = Double.parseDouble(text.trim());
            if (Double.isFinite(value) && !text.trim().matches(".*[dDfFxX].*")) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        problems.add(Open311Exception.Problem.of("open311.invalid_number", name, shorten(text)));
        return null;
    }

    private Map<String, String> externalIds(MultiMap params, String client, String addressId,
                                            List<Open311Exception.Problem> problems) {
        Map<String, String> external = new HashMap<>();
        external.put(EXTERNAL_CLIENT, client);
        if (addressId != null) {
            if (addressId.length() > 200) {
                problems.add(Open311Exception.Problem.of("open311.too_long", "address_id", 200));
            }
            external.put(EXTERNAL_ADDRESS_ID, addressId);
        }
        String externalId = blankToNull(attribute(params, ATTRIBUTE_EXTERNAL_ID));
        if (externalId != null) {
            if (externalId.length() > io.yikou.core.idempotency.IdempotencyKey.MAX_LENGTH) {
                problems.add(Open311Exception.Problem.of("open311.too_long", "attribute[external_id]",
                        io.yikou.core.idempotency.IdempotencyKey.MAX_LENGTH));
            }
            external.put(EXTERNAL_ID, externalId);
        }
        String email = blankToNull(params.get("email"));
        if (email != null) {
            if (email.length() > MAX_EMAIL_CHARS || !EMAIL.matcher(email).matches()) {
                problems.add(Open311Exception.Problem.of("open311.invalid_email"));
            }
            external.put(EXTERNAL_EMAIL, email);
        }
        String mediaUrl = blankToNull(params.get("media_url"));
        if (mediaUrl != null) {
            if (!isHttpUrl(mediaUrl)) {
                problems.add(Open311Exception.Problem.of("open311.invalid_media_url", MAX_URL_CHARS));
            }
            // Stored and shown as a link only: fetching a client's URL would let clients aim this server elsewhere.
            external.put(EXTERNAL_MEDIA_URL, mediaUrl);
        }
        return external;
    }

    private static boolean isHttpUrl(String text) {
        if (text.length() > MAX_URL_CHARS) {
            return false;
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private TicketType ticketType(MultiMap params, List<Open311Exception.Problem> problems) {
        String text = blankToNull(attribute(params, ATTRIBUTE_TICKET_TYPE));
        if (text == null) {
            return options.defaultTicketType();
        }
        Optional<TicketType> type = TicketType.parse(text);
        if (type.isEmpty()) {
            problems.add(Open311Exception.Problem.of("open311.invalid_attribute", ATTRIBUTE_TICKET_TYPE, shorten(text)));
            return null;
        }
        return type.get();
    }

    private static String attribute(MultiMap params, String code) {
        return params.get("attribute[" + code + "]");
    }

    /**
     * Joins Open311's first and last name: family name first without a space for Chinese names
     * (张 + 三 is 张三), first name first with a space otherwise.
     */
    static String fullName(String first, String last) {
        if (first == null || last == null) {
            return first == null ? last : first;
        }
        boolean han = (first + last).codePoints()
                .anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
        return han ? last + first : first + " " + last;
    }

    // ---- GET requests ----

    void find(RoutingContext ctx) {
        checkJurisdiction(queryParameters(ctx));
        String id = ctx.pathParam("id");
        context.tickets().find(id).onComplete(found -> {
            if (found.failed()) {
                ctx.fail(found.cause());
                return;
            }
            Optional<Ticket> ticket = found.result().filter(Open311Records::isPublic);
            if (ticket.isEmpty()) {
                ctx.fail(Open311Exception.of(404, "open311.request_not_found", shorten(id)));
                return;
            }
            respond(ctx, 200, requestList(List.of(ticket.get()), locale(ctx)));
        });
    }

    void list(RoutingContext ctx) {
        MultiMap params = queryParameters(ctx);
        checkJurisdiction(params);
        Locale locale = locale(ctx);

        // A list of ids overrides every other filter.
        List<String> ids = commaList(params.get("service_request_id"));
        if (!ids.isEmpty()) {
            if (ids.size() > MAX_RECORDS) {
                throw Open311Exception.of(400, "open311.too_many_ids", MAX_RECORDS);
            }
            context.tickets().findAll(ids)
                    .onSuccess(tickets -> respond(ctx, 200, requestList(
                            tickets.stream().filter(Open311Records::isPublic).toList(), locale)))
                    .onFailure(ctx::fail);
            return;
        }

        List<Open311Exception.Problem> problems = new ArrayList<>();
        Set<String> codes = new LinkedHashSet<>(commaList(params.get("service_code")));
        for (String code : codes) {
            leaf(code);
        }
        Set<String> statuses = new LinkedHashSet<>();
        for (String status : commaList(params.get("status"))) {
            String lower = status.toLowerCase(Locale.ROOT);
            if (lower.equals("open") || lower.equals("closed")) {
                statuses.add(lower);
            } else {
                problems.add(Open311Exception.Problem.of("open311.invalid_status", shorten(status)));
            }
        }
        Instant start = date(params, "start_date", problems);
        Instant end = date(params, "end_date", problems);
        if (!problems.isEmpty()) {
            throw new Open311Exception(400, problems);
        }
        Instant[] window = window(start, end, context.clock().instant());

        Predicate<Ticket> filter = ticket -> Open311Records.isPublic(ticket)
                && (codes.isEmpty() || codes.contains(ticket.categoryCode()))
                && (statuses.isEmpty() || statuses.contains(Open311Records.status(ticket.status())));
        index.list(window[0], window[1], filter, MAX_RECORDS)
                .onSuccess(tickets -> respond(ctx, 200, requestList(tickets, locale)))
                .onFailure(ctx::fail);
    }

    /**
     * Returns {@code [from, to]}: the given dates, or 90 days before the end, after the start or
     * before now when one or both are missing.
     *
     * @throws Open311Exception 400 when the start is after the end or the window is over 90 days
     */
    static Instant[] window(Instant start, Instant end, Instant now) {
        Instant to;
        if (end != null) {
            to = end;
        } else if (start != null) {
            to = start.plus(MAX_WINDOW);
        } else {
            to = now;
        }
        Instant from = start != null ? start : to.minus(MAX_WINDOW);
        if (from.isAfter(to) || Duration.between(from, to).compareTo(MAX_WINDOW) > 0) {
            throw Open311Exception.of(400, "open311.date_range", MAX_WINDOW.toDays());
        }
        return new Instant[] {from, to};
    }

    private static Instant date(MultiMap params, String name, List<Open311Exception.Problem> problems) {
        String text = blankToNull(params.get(name));
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            problems.add(Open311Exception.Problem.of("open311.invalid_date", name, shorten(text)));
            return null;
        }
    }

    private Open311Document requestList(List<Ticket> tickets, Locale locale) {
        List<Open311Document.Fields> items = new ArrayList<>();
        for (Ticket ticket : tickets) {
            items.add(records.request(ticket, locale));
        }
        return new Open311Document("service_requests", new Open311Document.Items("request", items));
    }

    // ---- Shared ----

    /** Returns the leaf category a service code names. */
    private Category leaf(String code) {
        return context.categories().find(code).filter(Category::isLeaf)
                .orElseThrow(() -> Open311Exception.of(404, "open311.service_unknown", shorten(code)));
    }

    private void checkJurisdiction(MultiMap params) {
        String given = blankToNull(params.get("jurisdiction_id"));
        if (given != null && options.jurisdictionId().isPresent() && !options.jurisdictionId().get().equals(given)) {
            throw Open311Exception.of(404, "open311.jurisdiction_unknown", shorten(given),
                    options.jurisdictionId().get());
        }
    }

    /** Reads the query string strictly: bad escapes and invalid UTF-8 are 400. */
    private static MultiMap queryParameters(RoutingContext ctx) {
        String query = ctx.request().query();
        return FormBodies.urlEncoded(query == null ? null : Buffer.buffer(query.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /**
     * Reads a POST's parameters: the form body, plus query parameters the body lacks, because some
     * clients put {@code api_key} in the URL.
     */
    private static MultiMap postParameters(RoutingContext ctx) {
        String type = String.valueOf(ctx.request().getHeader("Content-Type")).toLowerCase(Locale.ROOT);
        MultiMap params;
        if (type.startsWith("application/x-www-form-urlencoded")) {
            params = FormBodies.urlEncoded(ctx.body().buffer());
        } else if (type.startsWith("multipart/form-data")) {
            params = MultiMap.caseInsensitiveMultiMap().addAll(ctx.request().formAttributes());
            for (Map.Entry<String, String> field : params) {
                if (field.getValue().indexOf('\uFFFD') >= 0) {
                    throw Open311Exception.of(400, "open311.invalid_utf8");
                }
            }
        } else {
            throw Open311Exception.of(400, "open311.unsupported_media_type");
        }
        MultiMap query = queryParameters(ctx);
        for (String name : query.names()) {
            if (!params.contains(name)) {
                params.add(name, query.getAll(name));
            }
        }
        return params;
    }

    private static List<String> commaList(String text) {
        List<String> values = new ArrayList<>();
        if (text == null) {
            return values;
        }
        for (String part : text.split(",")) {
            String value = part.trim();
            if (!value.isEmpty() && !values.contains(value)) {
                values.add(value);
            }
        }
        return values;
    }

    /** Maps a core field name to the Open311 parameter a client sent it as. */
    static String openParameter(String field) {
        return switch (field) {
            case "address" -> "address_string";
            case "name" -> "first_name/last_name";
            case "category" -> "service_code";
            case "location", "lat", "lon" -> "lat/long";
            case "type" -> "attribute[" + ATTRIBUTE_TICKET_TYPE + "]";
            default -> field;
        };
    }

    private void respond(RoutingContext ctx, int status, Open311Document document) {
        Open311Format format = Open311Format.ofPath(ctx.normalizedPath());
        if (ctx.request().method().name().equals("GET")) {
            // The GETs are open data: any web page may read them, without credentials.
            ctx.response().putHeader("Access-Control-Allow-Origin", "*");
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", format.contentType())
                .end(document.write(format));
    }

    private static Locale locale(RoutingContext ctx) {
        return Messages.negotiate(ctx.request().getHeader("Accept-Language"));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** Shortens client text echoed in error descriptions. */
    private static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
