package io.yikou.channels.voice.agi;

/**
 * What runs when Asterisk requests {@code agi://host:4573/<name>}. Runs on a FastAGI worker thread
 * and may block on the channel; it should let {@link AgiException.Hangup} propagate so the thread is
 * freed at once.
 */
@FunctionalInterface
public interface AgiScript {

    void run(AgiChannel channel) throws Exception;
}
