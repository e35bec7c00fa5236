package io.mercator.service.admin;

import io.mercator.learning.ModelMetrics;
import io.mercator.learning.registry.GateEvaluation;
import io.mercator.learning.registry.ModelCard;
import io.mercator.learning.registry.RegisteredModel;
import io.mercator.learning.registry.StageChange;
import io.mercator.learning.registry.StageTransition;
import io.mercator.learning.lifecycle.CanaryJudge;
import io.mercator.learning.lifecycle.CanaryStatus;
import io.mercator.learning.lifecycle.ModelTraffic;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/** The admin API's answers as JSON; figures that are not numbers (NaN) are written as null. */
final class AdminJson {

    private AdminJson() {
    }

    /** {@code GET /admin/fraud}: the fraud loop's model card, labels, audit and what the gate does. */
    static JsonObject fraud(io.mercator.fraud.loop.FraudLoop.Status s, java.util.List<io.mercator.fraud.loop.FraudLoop.ModelCard> registered) {
        JsonObject out = new JsonObject().put("labels", s.labels()).put("removals", s.removals())
                .put("labels_until_retraining", s.untilRetrain()).put("gate_open", s.gateOpen())
                .put("actions", new JsonObject(new java.util.LinkedHashMap<>(s.actions())));
        io.mercator.fraud.gate.Audit a = s.audit();
        out.put("audit", new JsonObject().put("audited", a.audited()).put("confirmed", a.confirmed())
                .put("precision", Double.isNaN(a.precision()) ? null : round(a.precision()))
                .put("assured_precision", round(a.assuredPrecision())));
        io.mercator.fraud.loop.FraudLoop.ModelCard c = s.model();
        if (c != null) {
            out.put("model", new JsonObject().put("version", c.version()).put("kind", c.kind()).put("labels", c.labels())
                    .put("removals", c.removals()).put("trained_at", java.time.Instant.ofEpochMilli(c.trainedAtMillis()).toString())
                    .put("listings", c.listings()).put("features", new JsonArray(c.features()))
                    .put("calibration_blocks", c.calibrationBlocks()));
        }
        JsonArray versions = new JsonArray();
        registered.forEach(r -> versions.add(new JsonObject().put("version", r.version()).put("kind", r.kind())
                .put("labels", r.labels()).put("trained_at", java.time.Instant.ofEpochMilli(r.trainedAtMillis()).toString())));
        out.put("registry", versions);
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }

    static JsonObject model(RegisteredModel m) {
        ModelCard c = m.card();
        return new JsonObject()
                .put("version", c.version())
                .put("stage", m.stage().wireName())
                .put("stage_since", time(m.stageSinceMillis()))
                .put("registered_at", time(c.registeredAtMillis()))
                .put("training_window", new JsonObject().put("from", time(c.windowStartMillis()))
                        .put("until", time(c.windowEndMillis())))
                .put("data_hash", c.dataHash())
                .put("code_version", c.codeVersion())
                .put("features", new JsonArray(c.featureNames()))
                .put("parameters", c.parameters() == null ? null : JsonObject.mapFrom(c.parameters()))
                .put("metrics", new JsonObject().put("pctr", metrics(c.pctr())).put("pcvr", metrics(c.pcvr())))
                .put("evaluation", evaluation(c.evaluation()));
    }

    private static JsonObject metrics(ModelMetrics m) {
        if (m == null) {
            return null;
        }
        return new JsonObject().put("train_rows", m.trainRows()).put("validation_rows", m.validationRows())
                .put("iterations", m.iterations()).put("validation_auc", number(m.validationAuc()))
                .put("validation_logloss", number(m.validationLogloss()));
    }

    private static JsonObject evaluation(GateEvaluation e) {
        if (e == null) {
            return null;
        }
        return new JsonObject().put("held_out", new JsonObject().put("from", time(e.fromMillis()))
                        .put("until", time(e.untilMillis())))
                .put("requests", e.requests())
                .put("ndcg_at", e.k())
                .put("ndcg", new JsonObject().put("model", number(e.candidate()))
                        .put("production", number(e.production())).put("popularity", number(e.popularity()))
                        .put("random", number(e.random())))
                .put("compared_with", e.productionVersion());
    }

    static JsonObject transition(StageTransition t) {
        JsonArray changes = new JsonArray();
        for (StageChange c : t.changes()) {
            changes.add(new JsonObject().put("version", c.version())
                    .put("from", c.from() == null ? null : c.from().wireName()).put("to", c.to().wireName()));
        }
        return new JsonObject().put("at", time(t.atMillis())).put("action", t.action().name().toLowerCase(java.util.Locale.ROOT))
                .put("actor", t.actor()).put("reason", t.reason()).put("changes", changes);
    }

    static JsonObject canary(CanaryStatus s) {
        JsonObject out = new JsonObject().put("production", s.production()).put("canary", s.canary())
                .put("percent", s.percent())
                .put("traffic", new JsonObject().put("production", traffic(s.productionTraffic()))
                        .put("canary", traffic(s.canaryTraffic())));
        if (s.verdict() != null) {
            out.put("verdict", verdict(s.verdict()));
        }
        return out;
    }

    static JsonObject traffic(ModelTraffic.Counts c) {
        return new JsonObject().put("impressions", c.impressions()).put("clicks", c.clicks()).put("orders", c.orders())
                .put("ctr", c.ctr()).put("cvr", c.cvr());
    }

    private static JsonObject verdict(CanaryJudge.Verdict v) {
        return switch (v) {
            case CanaryJudge.Verdict.TooFewImpressions t -> new JsonObject().put("decision", "waiting")
                    .put("needed_impressions", t.needed());
            case CanaryJudge.Verdict.Keep k -> new JsonObject().put("decision", "keep").put("z", number(k.z()))
                    .put("p_value", number(k.pValue()));
            case CanaryJudge.Verdict.RollBack r -> new JsonObject().put("decision", "roll back")
                    .put("z", number(r.z())).put("p_value", number(r.pValue()));
        };
    }

    private static Double number(double d) {
        return Double.isFinite(d) ? d : null;
    }

    private static String time(long millis) {
        return millis == Long.MIN_VALUE || millis == Long.MAX_VALUE ? null : Instant.ofEpochMilli(millis).toString();
    }
}
