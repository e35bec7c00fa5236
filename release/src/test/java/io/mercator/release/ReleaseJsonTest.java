package io.mercator.release;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A release read back from its JSON is the release that was written, as the service reads a deployment's. */
class ReleaseJsonTest {

    @Test
    void aSwitchedBlueGreenReleaseWithAShadowSurvivesTheWire() {
        ShadowComparison.Snapshot shadow = new ShadowComparison.Snapshot(120, 7, 1, 0.8125, 0.5, 0.75, 0.25, 0.3, 0.05,
                0.125, 0.0421, 900);
        ModelRelease.Status status = new ModelRelease.Status("text",
                new ReleasePlan(ReleasePlan.Mode.BLUE_GREEN, "t-blue", "t-green", true, 1_765_000_000_000L),
                List.of("t-blue", "t-green"), shadow, Map.of("note", "green serves"));

        JsonObject wire = new JsonObject(ReleaseJson.toJson(status).encode());
        assertThat(wire.getString("live")).isEqualTo("t-green");
        ModelRelease.Status back = ReleaseJson.fromJson(wire);

        assertThat(back.kind()).isEqualTo("text");
        assertThat(back.plan()).isEqualTo(status.plan());
        assertThat(back.plan().live()).isEqualTo("t-green");
        assertThat(back.versions()).containsExactly("t-blue", "t-green");
        assertThat(back.shadow()).isEqualTo(shadow);
        assertThat(back.extra()).containsEntry("note", "green serves");
    }

    @Test
    void anIdleReleaseBeforeAnyShadowHasNoComparison() {
        ModelRelease.Status idle = new ModelRelease.Status("image", ReleasePlan.idle("v-1", 1_765_000_000_000L),
                List.of("v-1"), null, Map.of());
        ModelRelease.Status back = ReleaseJson.fromJson(ReleaseJson.toJson(idle));
        assertThat(back.plan()).isEqualTo(idle.plan());
        assertThat(back.plan().live()).isEqualTo("v-1");
        assertThat(back.shadow()).isNull();
    }

    @Test
    void somethingElseIsNotTakenForARelease() {
        assertThatThrownBy(() -> ReleaseJson.fromJson(new JsonObject().put("error", "busy")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a model release");
    }
}
