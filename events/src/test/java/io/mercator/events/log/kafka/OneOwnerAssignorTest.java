package io.mercator.events.log.kafka;

import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Assignment;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OneOwnerAssignorTest {

    private static final Node NODE = new Node(1, "localhost", 9092);

    private static Cluster cluster() {
        List<PartitionInfo> parts = new ArrayList<>();
        for (String topic : List.of("m.listing", "m.interaction")) {
            for (int p = 0; p < 3; p++) {
                parts.add(new PartitionInfo(topic, p, NODE, new Node[] {NODE}, new Node[] {NODE}));
            }
        }
        return new Cluster("c", List.of(NODE), parts, Set.of(), Set.of());
    }

    private static Subscription joinedAt(long ms) {
        OneOwnerAssignor a = new OneOwnerAssignor();
        a.configure(Map.of(OneOwnerAssignor.JOINED_AT, Long.toString(ms)));
        return new Subscription(List.of("m.listing", "m.interaction"), a.subscriptionUserData(Set.of()));
    }

    @Test
    void theLongestStandingMemberGetsEveryPartitionAndTheOthersNone() {
        Map<String, Assignment> out = new OneOwnerAssignor().assign(cluster(), new GroupSubscription(Map.of(
                "a-member", joinedAt(2_000), "b-member", joinedAt(1_000), "c-member", joinedAt(3_000))))
                .groupAssignment();
        assertThat(out.get("b-member").partitions()).hasSize(6)
                .contains(new TopicPartition("m.listing", 0), new TopicPartition("m.interaction", 2));
        assertThat(out.get("a-member").partitions()).isEmpty();
        assertThat(out.get("c-member").partitions()).isEmpty();
    }

    @Test
    void tiesAndMembersThatDidNotSayGoByMemberId() {
        Map<String, Assignment> out = new OneOwnerAssignor().assign(cluster(), new GroupSubscription(Map.of(
                "b", joinedAt(1_000), "a", joinedAt(1_000),
                "0-silent", new Subscription(List.of("m.listing"), (ByteBuffer) null)))).groupAssignment();
        assertThat(out.get("a").partitions()).hasSize(6);
        assertThat(out.get("b").partitions()).isEmpty();
        assertThat(out.get("0-silent").partitions()).as("a member without a join time comes last").isEmpty();
    }
}
