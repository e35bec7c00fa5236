package io.mercator.release;

import java.util.List;
import java.util.Map;

/**
 * The release controls of one model kind ({@code ranker}, {@code fraud}, {@code text},
 * {@code image}): start a shadow or a blue-green release of a registered version, switch, switch
 * back, end. Every transition is written to the event log before it takes effect
 * ({@link ReleaseEvents}). Methods block (loading a model, the log's acknowledgement): call them
 * on a worker. A refused transition throws {@link IllegalStateException}; an unknown version
 * {@link UnknownVersion}; release controls that cannot be reached {@link ReleaseUnavailable}.
 */
public interface ModelRelease {

    /**
     * A kind's release now.
     *
     * @param kind     the model kind
     * @param plan     mode, champion, candidate, what is live
     * @param versions the versions a release can name, newest last
     * @param shadow   the shadow comparison, while (or after) one runs; null before any
     * @param extra    figures of the kind's own (the ranker's canary)
     */
    record Status(String kind, ReleasePlan plan, List<String> versions, ShadowComparison.Snapshot shadow,
                  Map<String, Object> extra) {
    }

    String kind();

    Status status();

    Status startShadow(String version, String actor, String reason);

    Status startBlueGreen(String version, String actor, String reason);

    Status switchOver(String actor, String reason);

    Status switchBack(String actor, String reason);

    Status end(String actor, String reason);
}
