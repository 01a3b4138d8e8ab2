package io.yikou.core.conversation;

import io.yikou.core.config.ConfigReader;
import io.yikou.core.config.EnvOverride;
import io.yikou.core.ticket.TicketStatus;
import io.yikou.core.ticket.TicketType;
import java.time.Duration;
import java.util.List;

/**
 * The {@code conversation.*} section: how conversations close and how the guided report dialogue
 * starts. The core's conversation module and every messaging channel read the same section.
 *
 * @param idleTimeout        a conversation with no message for this long is closed
 * @param sweepInterval      how often a node looks for idle conversations
 * @param maxMessages        messages kept in one conversation before it is closed and another opened
 * @param lockTtl            longest one citizen's messages stay locked while one is processed
 * @param lockWait           longest a message waits for the citizen's lock
 * @param mediaTimeout       longest a photo or voice download may take
 * @param reportKeywords     texts that start the report dialogue, compared after trimming
 * @param reportMenuKey      menu key whose click starts the report dialogue
 * @param reportTicketType   ticket type of reports filed through the dialogue
 * @param welcome            whether a new follower gets the welcome message
 * @param notifyStatuses     ticket statuses the citizen is notified about on the channel they wrote on
 */
public record ConversationOptions(Duration idleTimeout, Duration sweepInterval, int maxMessages, Duration lockTtl,
                                  Duration lockWait, Duration mediaTimeout, List<String> reportKeywords,
                                  String reportMenuKey, TicketType reportTicketType, boolean welcome,
                                  java.util.Set<TicketStatus> notifyStatuses) {

    public static final List<String> DEFAULT_KEYWORDS = List.of("反映问题", "我要反映", "报事", "投诉举报");
    public static final java.util.Set<TicketStatus> DEFAULT_NOTIFY = java.util.EnumSet.of(TicketStatus.ROUTED,
            TicketStatus.DISPATCHED, TicketStatus.HANDLED, TicketStatus.CLOSED);

    public static List<EnvOverride> envOverrides() {
        return List.of(new EnvOverride("YIKOU_CONVERSATION_IDLE_TIMEOUT", "conversation.idle-timeout"));
    }

    public static ConversationOptions read(ConfigReader reader) {
        String typeCode = reader.string("conversation.report-ticket-type", TicketType.HELP.code());
        TicketType type = TicketType.parse(typeCode).orElse(null);
        if (type == null) {
            reader.problem("conversation.report-ticket-type", typeCode,
                    "one of consultation, help, complaint, report, suggestion, praise");
            type = TicketType.HELP;
        }
        return new ConversationOptions(
                reader.duration("conversation.idle-timeout", Duration.ofMinutes(30), Duration.ofMinutes(1),
                        Duration.ofDays(2)),
                reader.duration("conversation.idle-sweep-interval", Duration.ofSeconds(30), Duration.ofSeconds(1),
                        Duration.ofMinutes(10)),
                reader.integer("conversation.max-messages", 500, 10, 10_000),
                reader.duration("conversation.lock-ttl", Duration.ofSeconds(30), Duration.ofSeconds(5),
                        Duration.ofMinutes(5)),
                reader.duration("conversation.lock-wait", Duration.ofSeconds(20), Duration.ofSeconds(1),
                        Duration.ofMinutes(5)),
                reader.duration("conversation.media-timeout", Duration.ofSeconds(15), Duration.ofSeconds(1),
                        Duration.ofMinutes(2)),
                reader.stringList("conversation.report-keywords", DEFAULT_KEYWORDS),
                reader.string("conversation.report-menu-key", "REPORT_ISSUE"),
                type,
                reader.bool("conversation.welcome", true),
                statuses(reader));
    }

    /** Defaults, for tests and tools that build a service without a configuration file. */
    public static ConversationOptions defaults() {
        return new ConversationOptions(Duration.ofMinutes(30), Duration.ofSeconds(30), 500, Duration.ofSeconds(30),
                Duration.ofSeconds(20), Duration.ofSeconds(15), DEFAULT_KEYWORDS, "REPORT_ISSUE", TicketType.HELP,
                true, DEFAULT_NOTIFY);
    }

    private static java.util.Set<TicketStatus> statuses(ConfigReader reader) {
        List<String> codes = reader.stringList("conversation.notify-statuses",
                DEFAULT_NOTIFY.stream().map(TicketStatus::code).toList());
        java.util.Set<TicketStatus> statuses = java.util.EnumSet.noneOf(TicketStatus.class);
        for (String code : codes) {
            TicketStatus.parse(code).ifPresentOrElse(statuses::add, () -> reader.problem(
                    "conversation.notify-statuses", code, "ticket status codes such as routed, handled, closed"));
        }
        return statuses;
    }
}
