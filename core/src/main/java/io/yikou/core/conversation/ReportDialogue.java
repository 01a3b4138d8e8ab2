package io.yikou.core.conversation;

import io.yikou.core.i18n.Messages;
import io.yikou.core.text.CodePoints;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The guided "report an issue" dialogue: description, then a location message or address, then
 * photos, then confirmation. A pure state machine: it reads one message and the current state and
 * returns the next state, the texts to send and whether to submit. The service does the writing.
 */
public final class ReportDialogue {

    private static final Set<String> CANCEL = Set.of("取消", "cancel", "退出");
    private static final Set<String> DONE = Set.of("好了", "好", "完成", "跳过", "没有", "无", "done", "skip", "ok");
    private static final Set<String> CONFIRM = Set.of("确认", "确定", "提交", "是", "confirm", "yes");
    private static final int SUMMARY_CODE_POINTS = 100;

    /**
     * The dialogue's decision for one message.
     *
     * @param next    the state to store, or {@code null} to leave it unchanged
     * @param replies texts to send to the citizen, in order
     * @param submit  {@code true} when the citizen confirmed and the report should be filed
     */
    public record Decision(DialogueState next, List<String> replies, boolean submit) {

        static final Decision NONE = new Decision(null, List.of(), false);
    }

    private final ConversationOptions options;
    private final Messages messages;
    private final int maxPhotos;

    public ReportDialogue(ConversationOptions options, Messages messages, int maxPhotos) {
        this.options = options;
        this.messages = messages;
        this.maxPhotos = maxPhotos;
    }

    public Decision onMessage(DialogueState state, ConversationMessage message, Locale locale) {
        String text = message.kind() == MessageKind.TEXT && message.text() != null ? message.text().strip() : null;
        if (!state.active()) {
            boolean menu = message.kind() == MessageKind.EVENT && "click".equalsIgnoreCase(message.event())
                    && options.reportMenuKey().equals(message.eventKey());
            boolean keyword = text != null && options.reportKeywords().contains(text);
            if (menu || keyword) {
                return new Decision(state.start(), List.of(messages.get(locale, "ask_description")), false);
            }
            return Decision.NONE;
        }
        if (text != null && CANCEL.contains(text.toLowerCase(Locale.ROOT))) {
            return new Decision(state.cancel(), List.of(messages.get(locale, "cancelled")), false);
        }
        return switch (state.step()) {
            case DESCRIPTION -> onDescription(state, message, text, locale);
            case LOCATION -> onLocation(state, message, text, locale);
            case PHOTOS -> onPhotos(state, message, text, locale);
            case CONFIRM -> text != null && CONFIRM.contains(text.toLowerCase(Locale.ROOT))
                    ? new Decision(null, List.of(), true)
                    : reply(null, locale, "confirm_again");
            case IDLE -> Decision.NONE;
        };
    }

    private Decision onDescription(DialogueState state, ConversationMessage message, String text, Locale locale) {
        if (text != null && !text.isEmpty()) {
            return reply(state.withDescription(message.text()), locale, "ask_location");
        }
        if (message.kind() == MessageKind.IMAGE && message.attachment() != null) {
            return reply(state.withPhoto(message.attachment()), locale, "ask_description_text");
        }
        return message.kind() == MessageKind.EVENT ? Decision.NONE : reply(null, locale, "ask_description_text");
    }

    private Decision onLocation(DialogueState state, ConversationMessage message, String text, Locale locale) {
        if (message.kind() == MessageKind.LOCATION && message.point() != null) {
            String place = message.label() != null && !message.label().isBlank() ? message.label()
                    : String.format(Locale.ROOT, "%.6f, %.6f", message.point().lat(), message.point().lon());
            return new Decision(state.withLocation(message.point(), message.label()),
                    List.of(messages.get(locale, "ask_photos", place, maxPhotos)), false);
        }
        if (text != null && !text.isEmpty()) {
            return new Decision(state.withLocation(null, message.text()),
                    List.of(messages.get(locale, "ask_photos", text, maxPhotos)), false);
        }
        if (message.kind() == MessageKind.IMAGE) {
            return onPhoto(state, message, locale);
        }
        return message.kind() == MessageKind.EVENT ? Decision.NONE : reply(null, locale, "ask_location");
    }

    private Decision onPhotos(DialogueState state, ConversationMessage message, String text, Locale locale) {
        if (message.kind() == MessageKind.IMAGE) {
            return onPhoto(state, message, locale);
        }
        if (text != null && DONE.contains(text.toLowerCase(Locale.ROOT))) {
            DialogueState next = state.toConfirm();
            String where = next.address() != null ? next.address()
                    : next.point() != null
                            ? String.format(Locale.ROOT, "%.6f, %.6f", next.point().lat(), next.point().lon())
                            : messages.get(locale, "location_unknown");
            String summary = CodePoints.length(next.description()) > SUMMARY_CODE_POINTS
                    ? truncate(next.description()) + "…" : next.description();
            return new Decision(next, List.of(messages.get(locale, "confirm", summary, where, next.photos().size())),
                    false);
        }
        return Decision.NONE;
    }

    private Decision onPhoto(DialogueState state, ConversationMessage message, Locale locale) {
        if (message.attachment() == null) {
            return reply(null, locale, "photo_failed");
        }
        if (state.photos().size() >= maxPhotos) {
            return new Decision(null, List.of(messages.get(locale, "photo_limit", maxPhotos)), false);
        }
        DialogueState next = state.withPhoto(message.attachment());
        return new Decision(next, List.of(messages.get(locale, "photo_received", next.photos().size())), false);
    }

    private Decision reply(DialogueState next, Locale locale, String key) {
        return new Decision(next, List.of(messages.get(locale, key)), false);
    }

    private static String truncate(String text) {
        int end = text.offsetByCodePoints(0, SUMMARY_CODE_POINTS);
        return text.substring(0, end);
    }
}
