package io.mercator.events.log;

/**
 * One totally ordered part of the log: events of one key always land in the same partition.
 * The embedded log has topic "events"; Kafka has one topic per event family.
 */
public record LogPartition(String topic, int partition) {

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
