package io.yikou.channels.voice.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import io.yikou.channels.voice.contact.VoiceContacts;
import io.yikou.channels.voice.contact.VoicemailTickets;
import io.yikou.core.contact.Channel;
import io.yikou.core.intake.TicketDraft;
import io.yikou.core.ticket.Satisfaction;
import io.yikou.core.ticket.Ticket;
import io.yikou.core.ticket.TicketStatus;
import io.yikou.core.ticket.TicketType;
import io.yikou.ivr.runtime.CallInfo;
import io.yikou.ivr.runtime.SurveyRating;
import io.yikou.ivr.runtime.SurveyResponse;
import io.yikou.testkit.Await;
import io.yikou.testkit.CoreServices;
import io.yikou.testkit.RedisExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Survey answers given on the phone reach the ticket they rate. */
class VoiceSurveyIT {

    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    private static CoreServices services;
    private static VoiceHotlineServices hotline;

    @BeforeAll
    static void start() throws Exception {
        services = CoreServices.start(REDIS.url());
        var context = services.context();
        VoiceContacts contacts = new VoiceContacts(context.contacts(), context.citizens(), "asterisk-1", context.clock());
        hotline = new VoiceHotlineServices(context.tickets(),
                new VoicemailTickets(context.intake(), context.contacts(), context.clock()), contacts, context.redis());
    }

    @AfterAll
    static void stop() throws Exception {
        services.close();
    }

    private static Ticket ticketIn(TicketStatus status) {
        TicketDraft draft = new TicketDraft(Channel.VOICE, TicketType.HELP, "P0118", "路灯不亮", "东四北大街", null,
                List.of(), null, Map.of(), false);
        Ticket ticket = Await.result(services.context().intake().submit(draft, "test", null)).ticket();
        return Await.result(services.context().tickets().modify(ticket.number(), t -> {
            Ticket current = t;
            for (TicketStatus step : List.of(TicketStatus.ROUTED, TicketStatus.CLOSED)) {
                if (current.status() != status) {
                    current = current.transition(step, Instant.now(), "test", null, Map.of());
                }
            }
            return current;
        }, "ticket.status"));
    }

    private static SurveyResponse answer(String number, SurveyRating rating) {
        CallInfo call = new CallInfo("1700000000.1", "PJSIP/trunk-00000001", "13800001234", "", "96010",
                Optional.empty());
        return new SurveyResponse(call, Optional.of(number), rating, Instant.now());
    }

    @Test
    void ratingEvaluatesClosedTicket() {
        Ticket closed = ticketIn(TicketStatus.CLOSED);

        hotline.recordSurvey(answer(closed.number(), SurveyRating.BASICALLY_SATISFIED));

        Ticket rated = Await.result(services.context().tickets().find(closed.number())).orElseThrow();
        assertThat(rated.status()).isEqualTo(TicketStatus.EVALUATED);
        assertThat(rated.latestRating()).contains(Satisfaction.BASICALLY_SATISFIED);
        assertThat(rated.events()).last().satisfies(event -> {
            assertThat(event.kind()).isEqualTo("satisfaction_rated");
            assertThat(event.data()).containsEntry("channel", "voice");
        });
    }

    @Test
    void ratingOfOpenTicketKeepsStatus() {
        Ticket routed = ticketIn(TicketStatus.ROUTED);

        hotline.recordSurvey(answer(routed.number(), SurveyRating.DISSATISFIED));

        Ticket rated = Await.result(services.context().tickets().find(routed.number())).orElseThrow();
        assertThat(rated.status()).isEqualTo(TicketStatus.ROUTED);
        assertThat(rated.latestRating()).contains(Satisfaction.DISSATISFIED);
    }
}
