package io.yikou.core.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.yikou.core.contact.Channel;
import io.yikou.core.http.ApiException;
import io.yikou.core.http.FieldError;
import io.yikou.core.ticket.GeoPoint;
import io.yikou.core.ticket.Reporter;
import io.yikou.core.ticket.Ticket;
import io.yikou.core.ticket.TicketStatus;
import io.yikou.core.ticket.TicketType;
import io.yikou.testkit.Await;
import io.yikou.testkit.CoreServices;
import io.yikou.testkit.RedisExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IntakeServiceIT {

    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    private static CoreServices services;
    private static IntakeService intake;

    @BeforeAll
    static void start() throws Exception {
        services = CoreServices.start(REDIS.url());
        intake = services.context().intake();
    }

    @AfterAll
    static void stop() throws Exception {
        services.close();
    }

    private static TicketDraft draft(TicketType type, String category, String description, GeoPoint point,
                                     Reporter reporter) {
        return new TicketDraft(Channel.WEBFORM, type, category, description, "东城区某胡同", point, List.of(), reporter,
                Map.of(), false);
    }

    @Test
    void ticketGetsDepartmentGridAndCitizen() {
        IntakeResult result = Await.result(intake.submit(draft(TicketType.COMPLAINT, "E0508", "楼下酒吧夜里很吵",
                new GeoPoint(39.93, 116.40), new Reporter("李四", "+86 138-0000-5678")), "test", null));

        Ticket ticket = result.ticket();
        assertThat(ticket.department()).isEqualTo("dc-cgzf");
        assertThat(ticket.location().grid().gridName()).isEqualTo("示范北西社区南网格");
        assertThat(ticket.reporter().phone()).isEqualTo("13800005678");
        assertThat(ticket.citizenId()).startsWith("P-");
        assertThat(result.lookupToken()).hasSize(20);
        assertThat(intake.tokens().matches(ticket.number(), result.lookupToken())).isTrue();
        String token = result.lookupToken();
        String altered = (token.charAt(0) == 'x' ? "y" : "x") + token.substring(1);
        assertThat(intake.tokens().matches(ticket.number(), altered)).isFalse();
    }

    @Test
    void addressNamingCommunityPlacesTicketWithoutPoint() {
        TicketDraft draft = new TicketDraft(Channel.STAFF, TicketType.HELP, null, "井盖松动", "示范南东社区5号楼北侧",
                null, List.of(), null, Map.of(), false);

        Ticket ticket = Await.result(intake.submit(draft, "test", null)).ticket();

        assertThat(ticket.location().grid().streetName()).isEqualTo("示范南街道");
        assertThat(ticket.location().grid().communityName()).isEqualTo("示范南东社区");
        assertThat(ticket.location().point()).isNull();
    }

    @Test
    void samePhoneIsSameCitizen() {
        Ticket first = Await.result(intake.submit(draft(TicketType.HELP, null, "一", null,
                new Reporter(null, "13900001111")), "test", null)).ticket();
        Ticket second = Await.result(intake.submit(draft(TicketType.HELP, null, "二", null,
                new Reporter(null, "139 0000 1111")), "test", null)).ticket();

        assertThat(second.citizenId()).isEqualTo(first.citizenId());
    }

    @Test
    void everyInvalidFieldIsListed() {
        List<FieldError> errors = intake.validate(new TicketDraft(Channel.WEBFORM, null, "NOPE", " ", null, null,
                List.of(), new Reporter(null, "12345"), Map.of(), false));

        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder("type", "category", "description",
                "phone");
    }

    @Test
    void innerCategoryIsNotAccepted() {
        List<FieldError> errors = intake.validate(draft(TicketType.HELP, "E02", "小广告", null, null));

        assertThat(errors).extracting(FieldError::code).containsExactly("unknown_category");
    }

    @Test
    void overLongDescriptionIs413WithField() {
        Throwable failure = Await.failure(intake.submit(draft(TicketType.SUGGESTION, null, "停水".repeat(3000), null,
                null), "test", null));

        assertThat(failure).isInstanceOf(ApiException.class);
        ApiException error = (ApiException) failure;
        assertThat(error.status()).isEqualTo(413);
        assertThat(error.fields()).extracting(FieldError::field).containsExactly("description");
        assertThat(error.fields().get(0).args()).containsExactly(5000);
    }

    @Test
    void longChineseDescriptionWithinLimitIsKept() {
        String description = "停水".repeat(1500);

        Ticket ticket = Await.result(intake.submit(draft(TicketType.HELP, null, description, null, null), "test", null))
                .ticket();

        assertThat(Await.result(services.context().tickets().find(ticket.number())).orElseThrow().description())
                .isEqualTo(description);
    }

    @Test
    void loneSurrogateIsInvalid() {
        List<FieldError> errors = intake.validate(draft(TicketType.HELP, null, "坏字符\uD83D结尾", null, null));

        assertThat(errors).extracting(FieldError::code).containsExactly("invalid_text");
    }

    @Test
    void consultationResolvedOnTheSpotSkipsRouting() {
        TicketDraft answered = new TicketDraft(Channel.STAFF, TicketType.CONSULTATION, "H0201", "垃圾分类投放时间？",
                null, null, List.of(), null, Map.of(), true);

        Ticket ticket = Await.result(intake.submit(answered, "test", null)).ticket();

        assertThat(ticket.status()).isEqualTo(TicketStatus.RESOLVED_AT_FIRST_CONTACT);
        assertThat(ticket.isRoutable()).isFalse();
    }

    @Test
    void reusedKeyWithOtherContentIs422() {
        Await.result(intake.submit(draft(TicketType.HELP, null, "第一次", null, null), "test", "same-key"));

        Throwable failure = Await.failure(intake.submit(draft(TicketType.HELP, null, "第二次", null, null), "test",
                "same-key"));

        assertThat(((ApiException) failure).status()).isEqualTo(422);
    }
}
