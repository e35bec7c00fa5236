package io.mercator.release;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A kind's release as JSON, both ways: how the admin API answers it, and how the service reads it
 * back from a text or image deployment that runs the release itself ({@link RemoteModelRelease}).
 * Figures that are not numbers (NaN) are written as null.
 */
public final class ReleaseJson {

    private ReleaseJson() {
    }

    /** One model kind's release: mode, champion, candidate, what is live, and the shadow comparison. */
    public static JsonObject toJson(ModelRelease.Status s) {
        ReleasePlan p = s.plan();
        JsonObject out = new JsonObject().put("kind", s.kind()).put("mode", p.mode().wireName())
                .put("champion", p.champion()).put("candidate", p.candidate()).put("live", p.live())
                .put("since", Instant.ofEpochMilli(p.sinceMillis()).toString())
                .put("versions", new JsonArray(s.versions()))
                .put("extra", new JsonObject(new LinkedHashMap<>(s.extra())));
        ShadowComparison.Snapshot sh = s.shadow();
        if (sh != null) {
            out.put("shadow", new JsonObject().put("compared", sh.compared()).put("skipped", sh.skipped())
                    .put("failed", sh.failed())
                    .put("rank_correlation", new JsonObject().put("mean", nullable(sh.meanRankCorrelation()))
                            .put("p10", nullable(sh.p10RankCorrelation())).put("top_agreement", round(sh.topAgreement())))
                    .put("score_drift", new JsonObject().put("champion_mean", round(sh.championMean()))
                            .put("candidate_mean", round(sh.candidateMean()))
                            .put("mean_abs_difference", round(sh.meanAbsDifference()))
                            .put("ks_statistic", nullable(sh.ksStatistic())).put("ks_p_value", nullable(sh.ksPValue()))
                            .put("items", sh.items())));
        }
        return out;
    }

    /**
     * Reads {@link #toJson} back (figures as rounded there).
     *
     * @throws IllegalArgumentException when it is not a release
     */
    public static ModelRelease.Status fromJson(JsonObject json) {
        try {
            ReleasePlan.Mode mode = ReleasePlan.Mode.valueOf(json.getString("mode").toUpperCase(java.util.Locale.ROOT));
            String champion = json.getString("champion");
            String candidate = json.getString("candidate");
            // blue-green with green serving is the only plan whose live version is the candidate
            boolean switched = mode == ReleasePlan.Mode.BLUE_GREEN && candidate != null && candidate.equals(json.getString("live"))
                    && !candidate.equals(champion);
            ReleasePlan plan = new ReleasePlan(mode, champion, candidate, switched,
                    Instant.parse(json.getString("since")).toEpochMilli());
            List<String> versions = json.getJsonArray("versions", new JsonArray()).stream().map(String::valueOf).toList();
            JsonObject extra = json.getJsonObject("extra", new JsonObject());
            return new ModelRelease.Status(json.getString("kind"), plan, versions, shadow(json.getJsonObject("shadow")),
                    java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra.getMap())));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a model release: " + e.getMessage(), e);
        }
    }

    private static ShadowComparison.Snapshot shadow(JsonObject sh) {
        if (sh == null) {
            return null;
        }
        JsonObject rank = sh.getJsonObject("rank_correlation");
        JsonObject drift = sh.getJsonObject("score_drift");
        return new ShadowComparison.Snapshot(sh.getLong("compared"), sh.getLong("skipped"), sh.getLong("failed"),
                rank.getDouble("mean"), rank.getDouble("p10"), rank.getDouble("top_agreement"),
                drift.getDouble("champion_mean"), drift.getDouble("candidate_mean"), drift.getDouble("mean_abs_difference"),
                drift.getDouble("ks_statistic"), drift.getDouble("ks_p_value"), drift.getInteger("items"));
    }

    private static Double nullable(Double v) {
        return v == null || v.isNaN() ? null : round(v);
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
