package io.yikou.ivr.runtime;

/**
 * Receives the {@link WalkEvent}s of one walk, on the walk's thread. A listener that throws does not
 * stop the walk; the engine logs the error and goes on.
 */
@FunctionalInterface
public interface WalkListener {

    WalkListener NONE = event -> { };

    void on(WalkEvent event);
}
