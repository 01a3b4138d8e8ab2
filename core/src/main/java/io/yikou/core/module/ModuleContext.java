package io.yikou.core.module;

import io.vertx.core.Vertx;
import io.yikou.core.attachment.AttachmentStore;
import io.yikou.core.audit.AuditLog;
import io.yikou.core.audit.impl.RedisAuditLog;
import io.yikou.core.category.CategoryTree;
import io.yikou.core.citizen.CitizenRegistry;
import io.yikou.core.config.YikouConfig;
import io.yikou.core.contact.ContactStore;
import io.yikou.core.grid.GridLocator;
import io.yikou.core.http.ErrorResponder;
import io.yikou.core.http.StaffAuth;
import io.yikou.core.i18n.Messages;
import io.yikou.core.intake.IntakeService;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.staff.SessionStaffAuth;
import io.yikou.core.ticket.TicketStore;
import java.time.Clock;

/**
 * The core services the server hands every module, the ones a channel or feature builds on. Modules
 * take what they need and hold no reference to the server itself.
 *
 * @param nodeId  this node's name, unique among nodes sharing one Redis; used as consumer name
 */
public record ModuleContext(Vertx vertx, YikouConfig config, RedisConnector redis, TicketStore tickets,
                            ContactStore contacts, CitizenRegistry citizens, IntakeService intake,
                            CategoryTree categories, GridLocator grid, AttachmentStore attachments,
                            StaffAuth staffAuth, ErrorResponder errors, Messages messages, Clock clock,
                            String nodeId) {

    /**
     * Returns the staff audit log. Modules append an entry for every read of a citizen's data and
     * every change to a ticket made by a person or the service account; {@code staffAuth().principal(ctx)}
     * names the actor.
     */
    public AuditLog audit() {
        if (staffAuth instanceof SessionStaffAuth sessions) {
            return sessions.audit();
        }
        return new RedisAuditLog(redis, clock, config.security().staff().auditRetention());
    }
}
