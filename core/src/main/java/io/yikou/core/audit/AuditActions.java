package io.yikou.core.audit;

/** Action names used in the audit log. Modules may add their own, named {@code <noun>.<verb>}. */
public final class AuditActions {

    /** A person or service read one ticket with its citizen's contact details and history. */
    public static final String TICKET_READ = "ticket.read";
    /** A citizen's earlier tickets were searched by phone or openid; the detail has the masked identity. */
    public static final String CITIZEN_HISTORY_READ = "citizen.history-read";
    /** Staff filed a ticket themselves, for a call or on their own; the entry names the ticket. */
    public static final String TICKET_CREATE = "ticket.create";
    /** A ticket list or search was shown; the detail contains the query. */
    public static final String TICKET_LIST = "ticket.list";
    /** A failed case-system routing was retried. */
    public static final String TICKET_ROUTING_RETRY = "ticket.routing-retry";
    /** A person or service read a conversation with its messages, a citizen's history. */
    public static final String CONVERSATION_READ = "conversation.read";
    public static final String CONVERSATION_REPLY = "conversation.reply";
    public static final String CONVERSATION_CLOSE = "conversation.close";
    /** A ticket was filed from a conversation; the entry names the ticket. */
    public static final String CONVERSATION_TICKET = "conversation.ticket-create";
    /** A supervisor listened in on, whispered to or barged into a call; the detail names mode and agent. */
    public static final String CALL_SPY = "call.spy";
    /** A ticket was attached to a contact (a call); the entry names the ticket. */
    public static final String CONTACT_TICKET_ATTACH = "contact.ticket-attach";
    public static final String LOGIN = "session.login";
    public static final String LOGIN_FAILED = "session.login-failed";
    public static final String LOGOUT = "session.logout";
    public static final String PASSWORD_CHANGE = "session.password-change";
    public static final String USER_CREATE = "user.create";
    /** Display name, role or enabled state changed; the detail lists the changes. */
    public static final String USER_UPDATE = "user.update";
    public static final String USER_PASSWORD_RESET = "user.password-reset";

    private AuditActions() {
    }
}
