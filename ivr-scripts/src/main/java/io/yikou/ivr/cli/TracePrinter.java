package io.yikou.ivr.cli;

import io.yikou.ivr.calendar.DayInfo;
import io.yikou.ivr.runtime.IvrResult;
import io.yikou.ivr.runtime.WalkEvent;
import io.yikou.ivr.runtime.WalkListener;
import java.io.PrintWriter;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/** Prints each step of a walk as one readable line, in Chinese or English. */
public final class TracePrinter implements WalkListener {

    private final PrintWriter out;
    private final ResourceBundle labels;
    private final Locale locale;

    /**
     * @param locale {@code Locale.SIMPLIFIED_CHINESE} or {@code Locale.ENGLISH}
     */
    public TracePrinter(PrintWriter out, Locale locale) {
        this.out = out;
        this.locale = locale;
        this.labels = ResourceBundle.getBundle("io.yikou.ivr.cli.Trace", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    @Override
    public void on(WalkEvent event) {
        if (event instanceof WalkEvent.NodeEntered e) {
            print("node.entered", e.flow(), e.node(), e.type(), e.source());
        } else if (event instanceof WalkEvent.PromptPlayed e) {
            if (e.interruptedBy().isPresent()) {
                print("prompt.interrupted", e.promptId(), e.text(), e.interruptedBy().get());
            } else {
                print("prompt.played", e.promptId(), e.text());
            }
        } else if (event instanceof WalkEvent.TextSpoken e) {
            print("text.spoken", e.text());
        } else if (event instanceof WalkEvent.InputReceived e) {
            print("input.received", e.node(), e.input());
        } else if (event instanceof WalkEvent.NoInput e) {
            print("input.none", e.node(), e.attempt(), e.attempts());
        } else if (event instanceof WalkEvent.InvalidInput e) {
            print("input.invalid", e.node(), e.input(), e.reason(), e.attempt(), e.attempts());
        } else if (event instanceof WalkEvent.Exhausted) {
            print("input.exhausted");
        } else if (event instanceof WalkEvent.VariableSet e) {
            print(e.channelVariable() ? "variable.channel" : "variable.flow", e.name(), e.value());
        } else if (event instanceof WalkEvent.ModeChanged e) {
            print("mode.changed", e.language().tag(), onOff(e.elderly()));
        } else if (event instanceof WalkEvent.HoursChecked e) {
            print("hours.checked", e.at(), day(e.day()), e.day().yearConfigured() ? "" : label("day.unconfigured"),
                    label(e.open() ? "hours.open" : "hours.closed"));
        } else if (event instanceof WalkEvent.ServiceCalled e) {
            print("service.called", e.service(), e.summary());
        } else if (event instanceof WalkEvent.ServiceFailed e) {
            print("service.failed", e.service(), e.error());
        } else if (event instanceof WalkEvent.Recorded e) {
            print("recorded", e.file(), e.result().reason(), e.result().length().toSeconds());
        } else if (event instanceof WalkEvent.Finished e) {
            result(e.result());
        }
        out.flush();
    }

    private void result(IvrResult r) {
        out.println();
        print("result.header", r.outcome().code());
        r.queue().ifPresent(q -> print("result.queue", q, r.priority()));
        print("result.mode", r.language().tag(), onOff(r.elderly()));
        r.voicemailTicket().ifPresent(t -> print("result.voicemail", t));
        r.callback().ifPresent(c -> print("result.callback", c.requestId(), c.position()));
        r.survey().ifPresent(s -> print("result.survey", s.code() + " (" + s.label() + ")"));
        r.error().ifPresent(e -> print("result.error", e));
        if (!r.channelVariables().isEmpty()) {
            print("result.variables");
            r.channelVariables().forEach((name, value) -> out.println("    " + name + "=" + value));
        }
    }

    private String day(DayInfo day) {
        String kind = label("day." + day.kind().code());
        return day.holiday().map(h -> format("day.with-holiday", kind,
                locale.getLanguage().equals("zh") ? h.name() : h.nameEn())).orElse(kind);
    }

    private String onOff(boolean on) {
        return label(on ? "yes" : "no");
    }

    private String label(String key) {
        return labels.getString(key);
    }

    private void print(String key, Object... args) {
        out.println(format(key, args));
    }

    /** Formats a label; arguments are turned into text first so numbers get no grouping commas. */
    private String format(String key, Object... args) {
        Object[] text = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            text[i] = String.valueOf(args[i]);
        }
        return new MessageFormat(labels.getString(key), locale).format(text);
    }
}
