package io.yikou.core.live;

import io.vertx.core.Future;
import io.yikou.core.http.StaffPrincipal;
import io.yikou.core.push.PushEvent;
import java.util.List;

/**
 * The events a topic starts with when a desk subscribes, so the desk never combines a separate HTTP
 * read with the stream. A source that does not reply yields empty snapshots, never a failure.
 */
public interface LiveSnapshots {

    /** Returns the snapshot events of {@code topic} as {@code principal} may see them. */
    Future<List<PushEvent>> snapshot(LiveTopic topic, StaffPrincipal principal);
}
