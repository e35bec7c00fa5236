package io.mercator.events.log.kafka;

import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A consumer-group assignment that gives every partition to one member, the one that has been in
 * the group longest; the others stand by with nothing and take over when it leaves or its session
 * times out. For a projection whose state joins entities across partitions (an interaction's
 * listing's category, an order's seller): split by partition, each instance would write rows from
 * half the events. Kafka's own assignors all spread partitions, hence this one.
 *
 * <p>Each member says when it joined in its subscription's user data (epoch ms, set through the
 * consumer property {@link #JOINED_AT}); ties go to the smaller member id. The owner stays the
 * owner while new members join, so a joining standby does not make the group rebuild its state.
 */
public final class OneOwnerAssignor implements ConsumerPartitionAssignor, Configurable {

    /** Consumer property: when this member joined, epoch ms. */
    public static final String JOINED_AT = "mercator.group.joined.at.ms";

    private long joinedAt = Long.MAX_VALUE;

    @Override
    public void configure(Map<String, ?> configs) {
        Object v = configs.get(JOINED_AT);
        if (v != null) {
            joinedAt = Long.parseLong(v.toString());
        }
    }

    @Override
    public String name() {
        return "mercator-one-owner";
    }

    @Override
    public ByteBuffer subscriptionUserData(Set<String> topics) {
        return ByteBuffer.allocate(Long.BYTES).putLong(0, joinedAt);
    }

    @Override
    public GroupAssignment assign(Cluster metadata, GroupSubscription groupSubscription) {
        Map<String, Subscription> members = groupSubscription.groupSubscription();
        String owner = owner(members);
        Set<String> topics = new TreeSet<>();
        members.values().forEach(s -> topics.addAll(s.topics()));
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> parts = metadata.partitionsForTopic(topic);
            if (parts != null) {
                parts.forEach(p -> all.add(new TopicPartition(p.topic(), p.partition())));
            }
        }
        Map<String, Assignment> out = new HashMap<>();
        for (String member : members.keySet()) {
            out.put(member, new Assignment(member.equals(owner) ? all : List.of()));
        }
        return new GroupAssignment(out);
    }

    /** The member that joined first; ties (and members that did not say) by member id. */
    static String owner(Map<String, Subscription> members) {
        return members.entrySet().stream()
                .min(Comparator.<Map.Entry<String, Subscription>>comparingLong(e -> joinedAt(e.getValue()))
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey)
                .orElse(null);
    }

    private static long joinedAt(Subscription s) {
        ByteBuffer data = s.userData();
        return data != null && data.remaining() >= Long.BYTES ? data.getLong(data.position()) : Long.MAX_VALUE;
    }
}
