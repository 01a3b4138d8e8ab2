package io.yikou.core.casesystem;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.yikou.core.casesystem.impl.WebhookCaseConnector;
import io.yikou.core.ticket.GeoPoint;
import io.yikou.core.ticket.GridRef;
import io.yikou.testkit.Await;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookCaseConnectorIT {

    private static final String SECRET = "webhook-secret-0123456789";
    private WireMockServer caseSystem;
    private Vertx vertx;
    private WebhookCaseConnector connector;

    @BeforeEach
    void start() {
        caseSystem = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        caseSystem.start();
        vertx = Vertx.vertx();
        connector = new WebhookCaseConnector(WebClient.create(vertx),
                URI.create("http://127.0.0.1:" + caseSystem.port() + "/cases"),
                new Signatures(SECRET, Duration.ofMinutes(5), Clock.systemUTC()), Clock.systemUTC(), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        caseSystem.stop();
        vertx.close();
    }

    private static CaseRequest request() {
        return new CaseRequest("96010-20261204-000123", "E0201", "complaint", "dc-cgzf", "楼道里贴满小广告😭", false,
                "北新桥三条8号", new GeoPoint(39.93, 116.41),
                new GridRef("110101005", "北新桥街道", null, null, null, null), "张三", "13800001234", "webform",
                Instant.parse("2026-12-04T02:00:00Z"));
    }

    @Test
    void sendsSignedPayloadAndReadsCaseId() {
        caseSystem.stubFor(post("/cases").willReturn(aResponse().withStatus(201)
                .withBody("{\"caseId\":\"C-9\",\"notice\":\"已立案\"}")));

        CaseReceipt receipt = Await.result(connector.submit(request()));

        assertThat(receipt.caseId()).isEqualTo("C-9");
        LoggedRequest sent = caseSystem.findAll(postRequestedFor(urlEqualTo("/cases"))).get(0);
        assertThat(sent.getHeader("Idempotency-Key")).isEqualTo("96010-20261204-000123");
        Signatures verifier = new Signatures(SECRET, Duration.ofMinutes(5), Clock.systemUTC());
        assertThat(verifier.verify(sent.getHeader(Signatures.TIMESTAMP_HEADER), sent.getHeader(Signatures.SIGNATURE_HEADER),
                sent.getBody())).isNull();
        JsonObject payload = new JsonObject(sent.getBodyAsString());
        assertThat(payload.getString("ticketNumber")).isEqualTo("96010-20261204-000123");
        assertThat(payload.getString("description")).isEqualTo("楼道里贴满小广告😭");
        assertThat(payload.getJsonObject("location").getString("streetName")).isEqualTo("北新桥街道");
        assertThat(payload.getInteger("schemaVersion")).isEqualTo(1);
    }

    @Test
    void acceptedWithoutIdWaitsForEvent() {
        caseSystem.stubFor(post("/cases").willReturn(aResponse().withStatus(202).withBody("{\"accepted\":true}")));

        CaseReceipt receipt = Await.result(connector.submit(request()));

        assertThat(receipt.caseId()).isNull();
        assertThat(receipt.token()).isNull();
    }

    @Test
    void missingCaseIdIsInvalidResponse() {
        caseSystem.stubFor(post("/cases").willReturn(aResponse().withStatus(200).withBody("{\"ok\":true}")));

        Throwable failure = Await.failure(connector.submit(request()));

        assertThat(failure).isInstanceOf(CaseResponseInvalidException.class);
        assertThat(((CaseSystemException) failure).isRetriable()).isTrue();
    }

    @Test
    void clientErrorIsFinal() {
        caseSystem.stubFor(post("/cases").willReturn(aResponse().withStatus(422).withBody("{\"error\":\"bad grid\"}")));

        Throwable failure = Await.failure(connector.submit(request()));

        assertThat(failure).isInstanceOf(CaseRejectedException.class).hasMessageContaining("422").hasMessageContaining("bad grid");
    }

    @Test
    void tooManyRequestsIsRetriable() {
        caseSystem.stubFor(post("/cases").willReturn(aResponse().withStatus(429)));

        Throwable failure = Await.failure(connector.submit(request()));

        assertThat(failure).isInstanceOf(CaseSystemUnavailableException.class);
    }
}
