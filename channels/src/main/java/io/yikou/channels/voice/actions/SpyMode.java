package io.yikou.channels.voice.actions;

/**
 * How a supervisor joins an agent's call through ChanSpy. The options are ChanSpy's: {@code q}
 * quiet, {@code E} end when the spied channel hangs up, {@code w} whisper to the agent, {@code B}
 * barge (talk to both); {@code d} lets the supervisor switch with DTMF 4 (listen), 5 (whisper), 6 (barge).
 */
public enum SpyMode {
    LISTEN("qEd"),
    WHISPER("qEdw"),
    BARGE("qEdB");

    private final String options;

    SpyMode(String options) {
        this.options = options;
    }

    public String options() {
        return options;
    }
}
