package io.mercator.events.log;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A log whose partitions can be taken from this reader while it runs (a consumer-group member's
 * view of Kafka): before a partition goes to another instance, the reader is asked to stop reading
 * it and to say where it got to, and that position is committed for the group before the
 * partition is given up. Partitions given to this reader show in {@code partitions()}.
 */
public interface PartitionHandOff {

    /**
     * Registers what runs when partitions are taken away: it stops reading them and answers the
     * next offset of each that it has applied (partitions it never read are left out).
     */
    void onHandOff(Function<List<LogPartition>, Map<LogPartition, Long>> release);
}
