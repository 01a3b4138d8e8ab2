package io.yikou.core.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.yikou.core.i18n.Messages;
import io.yikou.core.ticket.Attachment;
import io.yikou.core.ticket.GeoPoint;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReportDialogueTest {

    private final ReportDialogue dialogue = new ReportDialogue(ConversationOptions.defaults(),
            ConversationService.dialogueMessages(), 2);

    private static ConversationMessage text(String body) {
        return new ConversationMessage("in", "C-1", "1", Instant.EPOCH, MessageKind.TEXT, "text", body, null, null,
                null, null, null, null, null, null, null, null, null, null, null);
    }

    private static ConversationMessage photo(String id) {
        return new ConversationMessage("in", "C-1", "2", Instant.EPOCH, MessageKind.IMAGE, "image", null, null, null,
                "M", new Attachment(id, "image/jpeg", 10, "p.jpg"), null, null, null, null, null, null, null, null, null);
    }

    private static ConversationMessage location() {
        return new ConversationMessage("in", "C-1", "3", Instant.EPOCH, MessageKind.LOCATION, "location", null,
                new GeoPoint(39.94, 116.40), "安定门内大街", null, null, null, null, null, null, null, null, null, null,
                null);
    }

    private static ConversationMessage click(String key) {
        return new ConversationMessage("in", "C-1", null, Instant.EPOCH, MessageKind.EVENT, "event", null, null, null,
                null, null, null, "click", key, null, null, null, null, null, null);
    }

    @Test
    void fullDialogueReachesSubmit() {
        DialogueState state = DialogueState.IDLE;
        ReportDialogue.Decision started = dialogue.onMessage(state, text("反映问题"), Messages.CHINESE);
        assertThat(started.next().step()).isEqualTo(DialogueState.Step.DESCRIPTION);
        assertThat(started.replies().get(0)).contains("描述");

        state = started.next();
        state = dialogue.onMessage(state, text("路灯不亮😭"), Messages.CHINESE).next();
        assertThat(state.step()).isEqualTo(DialogueState.Step.LOCATION);
        assertThat(state.description()).isEqualTo("路灯不亮😭");

        ReportDialogue.Decision located = dialogue.onMessage(state, location(), Messages.CHINESE);
        assertThat(located.replies().get(0)).contains("安定门内大街");
        state = located.next();
        state = dialogue.onMessage(state, photo("a"), Messages.CHINESE).next();
        state = dialogue.onMessage(state, photo("b"), Messages.CHINESE).next();
        ReportDialogue.Decision limit = dialogue.onMessage(state, photo("c"), Messages.CHINESE);
        assertThat(limit.next()).isNull();
        assertThat(state.photos()).hasSize(2);

        ReportDialogue.Decision confirm = dialogue.onMessage(state, text("好了"), Messages.CHINESE);
        assertThat(confirm.next().step()).isEqualTo(DialogueState.Step.CONFIRM);
        assertThat(confirm.replies().get(0)).contains("路灯不亮😭").contains("2张");

        ReportDialogue.Decision submit = dialogue.onMessage(confirm.next(), text("确认"), Messages.CHINESE);
        assertThat(submit.submit()).isTrue();
    }

    @Test
    void menuClickStartsAndCancelStops() {
        ReportDialogue.Decision started = dialogue.onMessage(DialogueState.IDLE, click("REPORT_ISSUE"), Messages.CHINESE);
        ReportDialogue.Decision cancelled = dialogue.onMessage(started.next(), text("取消"), Messages.CHINESE);

        assertThat(started.next().active()).isTrue();
        assertThat(cancelled.next().active()).isFalse();
        assertThat(cancelled.replies().get(0)).contains("取消");
    }

    @Test
    void ordinaryMessagesOutsideTheDialogueGetNoReply() {
        ReportDialogue.Decision decision = dialogue.onMessage(DialogueState.IDLE, text("你好"), Messages.CHINESE);

        assertThat(decision.next()).isNull();
        assertThat(decision.replies()).isEmpty();
        assertThat(dialogue.onMessage(DialogueState.IDLE, click("OTHER"), Messages.CHINESE).replies()).isEmpty();
    }

    @Test
    void addressTextReplacesLocationMessage() {
        DialogueState state = DialogueState.IDLE.start().withDescription("井盖丢了");

        DialogueState next = dialogue.onMessage(state, text("东城区北新桥三条8号"), Messages.CHINESE).next();

        assertThat(next.step()).isEqualTo(DialogueState.Step.PHOTOS);
        assertThat(next.address()).isEqualTo("东城区北新桥三条8号");
        assertThat(next.point()).isNull();
    }
}
