package io.yikou.core.staff;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The registered {@link SessionEndListener}s of one node. Thread-safe. */
public final class SessionEndListeners {

    private static final Logger LOG = LoggerFactory.getLogger(SessionEndListeners.class);

    private final List<SessionEndListener> listeners = new CopyOnWriteArrayList<>();

    public void add(SessionEndListener listener) {
        listeners.add(listener);
    }

    public void remove(SessionEndListener listener) {
        listeners.remove(listener);
    }

    /** Calls every listener; one that throws is logged and does not stop the others. */
    void fire(String userId, String cause) {
        for (SessionEndListener listener : listeners) {
            try {
                listener.sessionEnded(userId, cause);
            } catch (RuntimeException e) {
                LOG.error("Session end listener failed for user {} ({})", userId, cause, e);
            }
        }
    }
}
