package io.yikou.ivr.runtime.impl;

import io.yikou.ivr.elderly.PhoneNumbers;
import io.yikou.ivr.flow.DigitChecks;
import io.yikou.ivr.flow.Dtmf;
import io.yikou.ivr.flow.FlowNode;
import io.yikou.ivr.flow.InputSettings;
import io.yikou.ivr.runtime.IvrChoice;
import io.yikou.ivr.runtime.SurveyRating;
import io.yikou.ivr.runtime.SurveyResponse;
import io.yikou.ivr.runtime.WalkEvent;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nodes that wait for keys: menu, collect and survey. Each attempt plays the prompts (any key
 * stops them and counts as the first key), waits for input, and on no input or invalid input plays
 * the matching prompts and tries again, until the retries are used up.
 */
final class InputSteps {

    private static final Logger LOG = LoggerFactory.getLogger(InputSteps.class);

    private InputSteps() {
    }

    static Walk.Step menu(Walk walk, FlowNode.Menu menu) {
        InputSettings input = menu.input();
        int attempts = input.retries() + 1;
        for (int attempt = 1; ; attempt++) {
            Optional<Character> key = firstKey(walk, menu.prompts(), input);
            if (key.isEmpty()) {
                walk.emit(new WalkEvent.NoInput(menu.id(), attempt, attempts));
                if (attempt >= attempts) {
                    return exhausted(walk, menu.id(), menu.onExhausted().node());
                }
                walk.play(input.noInputPrompts(), "");
                continue;
            }
            FlowNode.Choice choice = menu.choices().get(key.get());
            if (choice == null) {
                walk.emit(new WalkEvent.InvalidInput(menu.id(), key.get().toString(), "no choice for this key",
                        attempt, attempts));
                walk.pendingKeys.clear();
                if (attempt >= attempts) {
                    return exhausted(walk, menu.id(), menu.onExhausted().node());
                }
                walk.play(input.invalidPrompts(), "");
                continue;
            }
            walk.emit(new WalkEvent.InputReceived(menu.id(), key.get().toString()));
            walk.choices.add(new IvrChoice(walk.flow.name(), menu.id(), key.get().toString(), choice.next().node()));
            walk.apply(choice.assignments());
            return new Walk.Go(choice.next().node());
        }
    }

    static Walk.Step collect(Walk walk, FlowNode.Collect collect) {
        InputSettings input = collect.input();
        int attempts = input.retries() + 1;
        for (int attempt = 1; ; attempt++) {
            String digits = readDigits(walk, collect, input);
            String displayed = collect.sensitive() ? PhoneNumbers.mask(digits) : digits;
            if (digits.isEmpty()) {
                walk.emit(new WalkEvent.NoInput(collect.id(), attempt, attempts));
                if (attempt >= attempts) {
                    return exhausted(walk, collect.id(), collect.onExhausted().node());
                }
                walk.play(input.noInputPrompts(), "");
                continue;
            }
            Optional<String> reason = invalidReason(collect, digits);
            Optional<String> value = reason.isPresent() ? Optional.empty() : DigitChecks.check(collect.format(), digits);
            if (value.isEmpty()) {
                walk.emit(new WalkEvent.InvalidInput(collect.id(), displayed,
                        reason.orElse("not a valid " + collect.format().code()), attempt, attempts));
                walk.pendingKeys.clear();
                if (attempt >= attempts) {
                    return exhausted(walk, collect.id(), collect.onExhausted().node());
                }
                walk.play(input.invalidPrompts(), "");
                continue;
            }
            walk.emit(new WalkEvent.InputReceived(collect.id(), displayed));
            walk.store(collect.store(), value.get());
            walk.emit(new WalkEvent.VariableSet(collect.store(), collect.sensitive() ? displayed : value.get(), false));
            walk.choices.add(new IvrChoice(walk.flow.name(), collect.id(), displayed, "collected"));
            return new Walk.Go(collect.next().node());
        }
    }

    /**
     * Reads keys until the terminator, the maximum count or the inter-digit timeout. Returns the keys
     * without the terminator, so the result is empty when nothing or only the terminator was pressed.
     */
    private static String readDigits(Walk walk, FlowNode.Collect collect, InputSettings input) {
        StringBuilder digits = new StringBuilder();
        Optional<Character> key = firstKey(walk, collect.prompts(), input);
        while (key.isPresent()) {
            if (collect.terminator().isPresent() && key.get().equals(collect.terminator().get())) {
                break;
            }
            digits.append(key.get());
            if (digits.length() >= collect.maxDigits()) {
                break;
            }
            key = walk.nextKey(walk.scaled(collect.interDigitTimeout()));
        }
        return digits.toString();
    }

    private static Optional<String> invalidReason(FlowNode.Collect collect, String digits) {
        if (digits.length() < collect.minDigits()) {
            return Optional.of("fewer than " + collect.minDigits() + " digits");
        }
        if (collect.pattern().isPresent() && !collect.pattern().get().matcher(digits).matches()) {
            return Optional.of("does not match the pattern");
        }
        if (collect.pattern().isEmpty() && !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.of("contains keys other than digits");
        }
        return Optional.empty();
    }

    static Walk.Step survey(Walk walk, FlowNode.Survey survey) {
        Optional<String> ticket = walk.telephony.getVariable(survey.ticketChannelVariable()).filter(t -> !t.isBlank());
        InputSettings input = survey.input();
        int attempts = input.retries() + 1;
        for (int attempt = 1; ; attempt++) {
            Optional<Character> key = firstKey(walk, survey.prompts(), input);
            if (key.isEmpty()) {
                walk.emit(new WalkEvent.NoInput(survey.id(), attempt, attempts));
                if (attempt >= attempts) {
                    return exhausted(walk, survey.id(), survey.onExhausted().node());
                }
                walk.play(input.noInputPrompts(), "");
                continue;
            }
            Optional<SurveyRating> rating = SurveyRating.ofKey(key.get());
            if (rating.isEmpty()) {
                walk.emit(new WalkEvent.InvalidInput(survey.id(), key.get().toString(), "not 1, 2 or 3", attempt, attempts));
                walk.pendingKeys.clear();
                if (attempt >= attempts) {
                    return exhausted(walk, survey.id(), survey.onExhausted().node());
                }
                walk.play(input.invalidPrompts(), "");
                continue;
            }
            walk.emit(new WalkEvent.InputReceived(survey.id(), key.get().toString()));
            walk.survey = rating;
            walk.store("survey-rating", rating.get().code());
            walk.choices.add(new IvrChoice(walk.flow.name(), survey.id(), key.get().toString(), rating.get().code()));
            store(walk, new SurveyResponse(walk.call, ticket, rating.get(), walk.env.clock().instant()));
            return new Walk.Go(survey.next().node());
        }
    }

    /** Stores a rating; a failure is logged and the walk goes on, since the rating is also in the result. */
    private static void store(Walk walk, SurveyResponse response) {
        try {
            walk.services.recordSurvey(response);
            walk.emit(new WalkEvent.ServiceCalled("recordSurvey", response.rating().code()
                    + response.ticketNumber().map(t -> " for " + t).orElse("")));
        } catch (RuntimeException e) {
            walk.emit(new WalkEvent.ServiceFailed("recordSurvey", e.toString()));
            LOG.error("{} Storing survey rating {} for ticket {} failed", walk.logPrefix(), response.rating().code(),
                    response.ticketNumber().orElse("-"), e);
        }
    }

    /** Plays the prompts (any key stops them) unless keys were typed ahead, then waits for the first key. */
    private static Optional<Character> firstKey(Walk walk, java.util.List<io.yikou.ivr.flow.PromptItem> prompts,
                                                InputSettings input) {
        if (walk.pendingKeys.isEmpty()) {
            Optional<Character> key = walk.play(prompts, Dtmf.KEYPAD);
            if (key.isPresent()) {
                return key;
            }
        }
        return walk.nextKey(walk.scaled(input.timeout()));
    }

    private static Walk.Step exhausted(Walk walk, String node, String target) {
        walk.emit(new WalkEvent.Exhausted(node));
        return new Walk.Go(target);
    }
}
