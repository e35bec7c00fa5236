package io.mercator.service.config;

import java.util.ArrayList;
import java.util.List;

/** Checks ranges and required settings of the chosen backends; reports every problem at once. */
final class ConfigValidation {

    private ConfigValidation() {
    }

    static void check(MercatorConfig c) {
        List<String> problems = new ArrayList<>();
        if (c.http().port() < 0 || c.http().port() > 65535) {
            problems.add("http.port must be in 0..65535");
        }
        if (c.dataDir() == null || c.dataDir().isBlank()) {
            problems.add("dataDir is required");
        }
        if (c.demo().enabled() && (c.demo().users() < 1 || c.demo().days() < 1)) {
            problems.add("demo.users and demo.days must be positive");
        }
        if (c.log().backend() == MercatorConfig.LogBackend.EMBEDDED && c.log().embedded().partitions() < 1) {
            problems.add("log.embedded.partitions must be positive");
        }
        if (c.log().backend() == MercatorConfig.LogBackend.KAFKA) {
            MercatorConfig.Kafka k = c.log().kafka();
            required(problems, "log.kafka.bootstrapServers", k.bootstrapServers());
            required(problems, "log.kafka.topicPrefix", k.topicPrefix());
            if (k.partitions() < 1 || k.replicationFactor() < 1) {
                problems.add("log.kafka.partitions and log.kafka.replicationFactor must be positive");
            }
            if (k.appendTimeoutMs() < 100) {
                problems.add("log.kafka.appendTimeoutMs must be at least 100");
            }
            if (k.groupSessionTimeoutMs() < 1000) {
                problems.add("log.kafka.groupSessionTimeoutMs must be at least 1000");
            }
        }
        if (c.store().backend() == MercatorConfig.StoreBackend.REDIS) {
            String url = c.store().redis().url();
            if (url == null || !(url.startsWith("redis://") || url.startsWith("rediss://"))) {
                problems.add("store.redis.url must start with redis:// or rediss://");
            }
            if (c.store().redis().poolSize() < 1 || c.store().redis().timeoutMs() < 1) {
                problems.add("store.redis.poolSize and store.redis.timeoutMs must be positive");
            }
        }
        if (c.keywordRecall().backend() == MercatorConfig.KeywordBackend.ELASTICSEARCH) {
            if (c.keywordRecall().elasticsearch().hosts() == null || c.keywordRecall().elasticsearch().hosts().isEmpty()) {
                problems.add("keywordRecall.elasticsearch.hosts needs at least one host");
            }
            required(problems, "keywordRecall.elasticsearch.index", c.keywordRecall().elasticsearch().index());
        }
        if (c.vectorRecall().backend() == MercatorConfig.VectorBackend.MILVUS) {
            required(problems, "vectorRecall.milvus.uri", c.vectorRecall().milvus().uri());
            required(problems, "vectorRecall.milvus.collection", c.vectorRecall().milvus().collection());
        }
        if (c.ranking().pipelineBudgetMs() < 1 || c.ranking().pipelineBudgetMs() > 60_000) {
            problems.add("ranking.pipelineBudgetMs must be within 1..60000");
        }
        MercatorConfig.Nlp nlp = c.nlp();
        if (nlp.mode() == MercatorConfig.NlpMode.REMOTE) {
            required(problems, "nlp.url", nlp.url());
        }
        if (nlp.workers() < 1 || nlp.timeoutMs() < 10 || nlp.breakerOpenSeconds() < 1 || nlp.port() < 0 || nlp.port() > 65535) {
            problems.add("nlp.workers, nlp.timeoutMs (at least 10) and nlp.breakerOpenSeconds must be positive, nlp.port in 0..65535");
        }
        if (!(nlp.blockBelow() >= 0 && nlp.blockBelow() <= nlp.reviewBelow() && nlp.reviewBelow() <= 1)) {
            problems.add("need 0 <= nlp.blockBelow <= nlp.reviewBelow <= 1");
        }
        MercatorConfig.Vision v = c.vision();
        if (v.mode() == MercatorConfig.VisionMode.REMOTE) {
            required(problems, "vision.url", v.url());
        }
        if (v.backboneRuntime() == null) {
            problems.add("vision.backboneRuntime must be onnx_runtime or pytorch");
        }
        if (v.breakerOpenSeconds() < 1 || v.threadsPerPass() < 1 || v.port() < 0 || v.port() > 65535) {
            problems.add("vision.breakerOpenSeconds and vision.threadsPerPass must be positive, vision.port in 0..65535");
        }
        if (v.workerNiceness() < 0 || v.workerNiceness() > 19) {
            problems.add("vision.workerNiceness must be 0 (normal priority) to 19 (the lowest)");
        }
        if (v.workers() < 1 || v.timeoutMs() < 10 || v.trainPerClass() < 0 || v.fineTuneEpochs() < 0 || v.maxHashDistance() < 0 || v.maxHashDistance() > 64) {
            problems.add("vision.workers and vision.timeoutMs (at least 10) must be positive, vision.trainPerClass and vision.fineTuneEpochs not negative, "
                    + "vision.maxHashDistance in 0..64");
        }
        for (double t : new double[] {v.nsfwAt(), v.explicitAt(), v.suggestiveAt(), v.moderateBelow(), v.minCosine()}) {
            if (!(t >= 0 && t <= 1)) {
                problems.add("vision thresholds (nsfwAt, explicitAt, suggestiveAt, moderateBelow, minCosine) must be in [0,1]");
                break;
            }
        }
        MercatorConfig.Ekyc k = v.ekyc();
        if (k == null) {
            problems.add("vision.ekyc is missing");
        } else if (!(k.noMatchBelow() >= 0 && k.noMatchBelow() <= k.matchAt() && k.matchAt() <= 1 && k.livenessAt() >= 0
                && k.livenessAt() <= 1) || !(k.slope() > 0) || !Double.isFinite(k.intercept())) {
            problems.add("vision.ekyc: 0 <= noMatchBelow <= matchAt <= 1, livenessAt in [0,1], slope > 0 and a finite intercept");
        }
        MercatorConfig.Autoboost b = c.autoboost();
        if (b == null || b.policy() == null) {
            problems.add("autoboost.policy must be thompson or momentum");
        } else if (!(b.defaultPctr() > 0 && b.defaultPctr() < 1 && b.defaultPcvr() > 0 && b.defaultPcvr() < 1)
                || !(b.recencyHalfLifeHours() > 0) || !(b.paceSlack() >= 0 && b.paceSlack() < 1)
                || !(b.catchUp() >= 0 && b.catchUp() <= 1_000)) {
            problems.add("autoboost: defaultPctr and defaultPcvr in (0,1), recencyHalfLifeHours positive, paceSlack in [0,1),"
                    + " catchUp in [0,1000]");
        }
        MercatorConfig.Fraud f = c.fraud();
        if (f == null) {
            problems.add("fraud is missing");
        } else if (f.refreshSeconds() < 1 || f.retrainEvery() < 1 || f.minListings() < 2
                || !(f.reviewFloor() > 0 && f.reviewFloor() <= f.precisionTarget() && f.precisionTarget() <= 1)
                || !(f.anomalyReviewAt() > 0 && f.anomalyReviewAt() < 1) || !(f.labelNoise() >= 0 && f.labelNoise() < 0.5)
                || !(f.auditShare() >= 0 && f.auditShare() <= 1)) {
            problems.add("fraud: refreshSeconds and retrainEvery positive, minListings at least 2, 0 < reviewFloor <= "
                    + "precisionTarget <= 1, anomalyReviewAt in (0,1), labelNoise in [0,0.5), auditShare in [0,1]");
        }
        MercatorConfig.Releases rel = c.releases();
        if (rel == null) {
            problems.add("releases is missing");
        } else if (rel.shadowQueue() < 1 || !(rel.shadowCoreShare() > 0 && rel.shadowCoreShare() <= 1)) {
            problems.add("releases: shadowQueue positive, shadowCoreShare in (0,1]");
        }
        MercatorConfig.Screening sc = nlp.screening();
        if (!(sc.flagBelow() >= 0 && sc.flagBelow() <= 1 && sc.holdAt() >= 0 && sc.holdAt() <= 1)
                || sc.batchSize() < 1 || sc.batchSize() > 50 || sc.intervalMs() < 10 || sc.retryAfterMs() < 0) {
            problems.add("nlp.screening: flagBelow and holdAt in [0,1], batchSize 1..50, intervalMs at least 10, retryAfterMs not negative");
        }
        String key = c.admin().apiKey();
        if (key != null && !key.isEmpty() && key.length() < 16) {
            problems.add("admin.apiKey must be at least 16 characters (or empty)");
        }
        if (c.http().rateLimit().perKeyPerSecond() < 0 || c.http().rateLimit().perAddressPerSecond() < 0) {
            problems.add("http.rateLimit.perKeyPerSecond and perAddressPerSecond must not be negative (0: no limit)");
        }
        MercatorConfig.Canary canary = c.canary();
        if (!(canary.percent() >= 0 && canary.percent() <= 100)) {
            problems.add("canary.percent must be within 0..100");
        }
        if (canary.minImpressions() < 1 || !(canary.significance() > 0 && canary.significance() < 0.5)
                || canary.checkIntervalSeconds() < 1) {
            problems.add("canary.minImpressions and canary.checkIntervalSeconds must be positive, canary.significance in (0, 0.5)");
        }
        MercatorConfig.Retraining t = c.retraining();
        if (t.minNewInteractions() < 1 || t.maxPsi() <= 0 || t.minPsiRows() < 1 || t.servedRowsWindow() < t.minPsiRows()
                || t.checkIntervalSeconds() < 1 || t.cooldownMinutes() < 0 || t.minEvaluationRequests() < 1) {
            problems.add("retraining: thresholds, intervals and windows must be positive, servedRowsWindow >= minPsiRows");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("invalid configuration: " + String.join("; ", problems));
        }
    }

    private static void required(List<String> problems, String name, String value) {
        if (value == null || value.isBlank()) {
            problems.add(name + " is required");
        }
    }
}
