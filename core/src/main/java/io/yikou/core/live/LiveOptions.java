package io.yikou.core.live;

import io.yikou.core.config.ConfigReader;
import io.yikou.core.http.StaffAuth.Role;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Settings of the live push hub ({@code push.*}) and the wallboard ({@code wallboard.*}).
 *
 * @param reauthorizeInterval    how often an open WebSocket checks its session again without a message
 * @param sendQueueLimit         events one socket may have waiting beyond the transport's buffer before
 *                               it is closed as too slow
 * @param phoneNumberRoles       roles whose screen pops carry the caller's full number
 * @param zone                   time zone whose midnight starts the wallboard's day
 * @param serviceLevelSeconds    service-level target of Asterisk queues no ACD queue names
 */
public record LiveOptions(Duration reauthorizeInterval, int sendQueueLimit, Set<Role> phoneNumberRoles, ZoneId zone,
                          int serviceLevelSeconds) {

    /** Largest client message in bytes; the hub rejects a bigger one with {@code invalid_message}. */
    public static final int MAX_CLIENT_MESSAGE_BYTES = 4096;

    public static LiveOptions defaults() {
        return new LiveOptions(Duration.ofSeconds(30), 256, EnumSet.allOf(Role.class), ZoneId.of("Asia/Shanghai"), 15);
    }

    /** Reads {@code push.*} and {@code wallboard.*}, reporting problems to the reader. */
    public static LiveOptions read(ConfigReader reader) {
        LiveOptions d = defaults();
        Duration interval = reader.duration("push.reauthorize-interval", d.reauthorizeInterval(), Duration.ofSeconds(1),
                Duration.ofHours(1));
        int queue = reader.integer("push.send-queue-limit", d.sendQueueLimit(), 1, 100_000);
        List<String> codes = reader.stringList("push.phone-number-roles", List.of("agent", "supervisor", "administrator"));
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String code : codes) {
            Role.parse(code).ifPresentOrElse(roles::add,
                    () -> reader.problem("push.phone-number-roles", code, "agent, supervisor, administrator"));
        }
        ZoneId zone = reader.zone("wallboard.zone", d.zone());
        int target = reader.integer("wallboard.service-level-seconds", d.serviceLevelSeconds(), 1, 3600);
        return new LiveOptions(interval, queue, roles, zone, target);
    }
}
