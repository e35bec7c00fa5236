package io.mercator.events.projection;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeenEventsTest {

    @Test
    void anIdIsNewOnlyTheFirstTime() {
        SeenEvents seen = new SeenEvents(100);
        assertThat(seen.firstTime("e-1")).isTrue();
        assertThat(seen.firstTime("e-2")).isTrue();
        assertThat(seen.firstTime("e-1")).isFalse();
        assertThat(seen.firstTime("e-2")).isFalse();
        assertThat(seen.size()).isEqualTo(2);
    }

    @Test
    void similarIdsAreTellApart() {
        SeenEvents seen = new SeenEvents(10_000);
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.firstTime("evt-" + i)).as("evt-%s", i).isTrue();
        }
        assertThat(seen.firstTime("evt-0")).isFalse();
        assertThat(seen.firstTime("evt-9999")).isFalse();
        assertThat(seen.firstTime("ลิสติ้ง-1")).isTrue();
    }

    @Test
    void theWindowForgetsTheOldestIdsFirst() {
        SeenEvents seen = new SeenEvents(3);
        seen.firstTime("a");
        seen.firstTime("b");
        seen.firstTime("c");
        seen.firstTime("d"); // evicts a
        assertThat(seen.size()).isEqualTo(3);
        assertThat(seen.firstTime("b")).isFalse();
        assertThat(seen.firstTime("c")).isFalse();
        assertThat(seen.firstTime("d")).isFalse();
        assertThat(seen.firstTime("a")).as("a fell out of the window").isTrue(); // evicts b
        assertThat(seen.firstTime("b")).isTrue();
        assertThat(seen.size()).isEqualTo(3);
    }

    @Test
    void duplicatesDoNotPushOthersOutOfTheWindow() {
        SeenEvents seen = new SeenEvents(2);
        seen.firstTime("a");
        seen.firstTime("b");
        for (int i = 0; i < 10; i++) {
            assertThat(seen.firstTime("a")).isFalse();
        }
        assertThat(seen.firstTime("b")).isFalse();
    }

    @Test
    void containsAsksWithoutRecording() {
        SeenEvents seen = new SeenEvents(10);
        assertThat(seen.contains("a")).isFalse();
        assertThat(seen.firstTime("a")).as("contains did not record it").isTrue();
        assertThat(seen.contains("a")).isTrue();
    }

    @Test
    void aWindowLargerThanItsFirstRingGrowsAndStillForgetsOldestFirst() {
        int capacity = SeenEvents.INITIAL_RING * 3; // two doublings: 1x, 2x, then capped at 3x
        SeenEvents seen = new SeenEvents(capacity);
        for (int i = 0; i < capacity; i++) {
            assertThat(seen.firstTime("e-" + i)).isTrue();
        }
        assertThat(seen.size()).isEqualTo(capacity);
        for (int i = 0; i < capacity; i++) {
            assertThat(seen.firstTime("e-" + i)).as("e-" + i + " is still in the window").isFalse();
        }
        assertThat(seen.firstTime("e-new")).isTrue(); // pushes out the oldest
        assertThat(seen.size()).isEqualTo(capacity);
        assertThat(seen.contains("e-0")).isFalse();
        assertThat(seen.contains("e-1")).isTrue();
        assertThat(seen.contains("e-" + (capacity - 1))).isTrue();
    }

    @Test
    void capacityMustBePositive() {
        assertThatThrownBy(() -> new SeenEvents(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theHashIsFnvOverTheUtf8BytesForEveryKindOfCharacter() {
        String[] ids = {"", "imp:req-1:3", "ผู้ใช้-๑๒", "é", "\u07ff\u0800\uffff", "emoji-\uD83D\uDE00-end",
                "lone-\uD83D-high", "lone-\uDE00-low", "\uD83D"};
        for (String id : ids) {
            assertThat(SeenEvents.hash(id)).as("hash of %s", id).isEqualTo(referenceHash(id));
        }
    }

    /** The definition: FNV-1a over {@code getBytes(UTF_8)}, then the murmur finaliser. */
    private static long referenceHash(String id) {
        long h = 0xcbf29ce484222325L;
        for (byte b : id.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
