package io.mercator.ranking.sideeffect;

import io.mercator.ranking.pipeline.Component;
import io.vertx.core.Future;

/**
 * Work done because a response was served, after it was handed to the caller: the response never
 * waits for it and never fails because of it (failures are counted, and the event log's
 * de-duplication makes a retried event harmless).
 */
public interface SideEffect extends Component {

    Future<Void> apply(Served served);
}
