package io.yikou.core.conversation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.yikou.core.ticket.Attachment;
import io.yikou.core.ticket.GeoPoint;
import java.util.ArrayList;
import java.util.List;

/**
 * Progress of the guided "report an issue" dialogue in one conversation.
 *
 * @param step        the current step
 * @param round       how many dialogues this conversation started; part of the ticket's idempotency key
 * @param description the citizen's description, kept exactly
 * @param point       WGS-84 position from a location message
 * @param address     place name or address text
 * @param photos      photos stored so far
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DialogueState(Step step, int round, String description, GeoPoint point, String address,
                            List<Attachment> photos) {

    /** Dialogue steps, in order. */
    public enum Step { IDLE, DESCRIPTION, LOCATION, PHOTOS, CONFIRM }

    public static final DialogueState IDLE = new DialogueState(Step.IDLE, 0, null, null, null, List.of());

    public DialogueState {
        step = step == null ? Step.IDLE : step;
        photos = photos == null ? List.of() : List.copyOf(photos);
    }

    public boolean active() {
        return step != Step.IDLE;
    }

    /** Starts a new round, forgetting what an earlier round collected. */
    public DialogueState start() {
        return new DialogueState(Step.DESCRIPTION, round + 1, null, null, null, List.of());
    }

    public DialogueState cancel() {
        return new DialogueState(Step.IDLE, round, null, null, null, List.of());
    }

    public DialogueState withDescription(String text) {
        return new DialogueState(Step.LOCATION, round, text, point, address, photos);
    }

    public DialogueState withLocation(GeoPoint at, String place) {
        return new DialogueState(Step.PHOTOS, round, description, at, place, photos);
    }

    public DialogueState withPhoto(Attachment photo) {
        List<Attachment> more = new ArrayList<>(photos);
        if (more.stream().noneMatch(p -> p.id().equals(photo.id()))) {
            more.add(photo);
        }
        return new DialogueState(step, round, description, point, address, more);
    }

    public DialogueState toConfirm() {
        return new DialogueState(Step.CONFIRM, round, description, point, address, photos);
    }
}
