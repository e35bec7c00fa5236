package io.mercator.service.config;

import io.mercator.vision.model.ImageBackbone;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything one Mercator process is configured with: read once at start (defaults, then the
 * YAML file, then {@code MERCATOR_*} environment variables), validated, immutable.
 *
 * <p>Each port (event log, online store, keyword recall, vector recall) names its backend; the
 * embedded ones are the default, so a config file only says what differs in production.
 */
public record MercatorConfig(Http http, String dataDir, Demo demo, Log log, Store store, KeywordRecall keywordRecall,
                             VectorRecall vectorRecall, Ranking ranking, Admin admin, Canary canary,
                             Retraining retraining, Nlp nlp, Vision vision, Autoboost autoboost, Fraud fraud,
                             Releases releases) {

    public Path dataPath() {
        return Path.of(dataDir);
    }

    /**
     * The HTTP front. {@code clientKeysFile}: a secret YAML file listing {@code {label, key}}; when
     * it names any key, the public endpoints need one ({@code X-Api-Key}). Rate limits per client
     * key and per client address: calls per second, 0 for none; past them, 429 with Retry-After.
     */
    public record Http(String host, int port, String clientKeysFile, RateLimit rateLimit) {
    }

    public record RateLimit(int perKeyPerSecond, int perAddressPerSecond) {
    }

    /** The demo marketplace seeded into an empty embedded log. */
    public record Demo(boolean enabled, int users, int days, long randomSeed) {
    }

    public enum LogBackend { EMBEDDED, KAFKA }

    public record Log(LogBackend backend, EmbeddedLog embedded, Kafka kafka) {
    }

    public record EmbeddedLog(boolean fsync, int partitions) {
    }

    /**
     * Kafka connection; {@code saslJaasConfig} is a secret and is never printed. An append (a POST
     * /events) fails with 503 after {@code appendTimeoutMs} while the cluster cannot take it. A
     * projection that instances share through a consumer group moves to another instance
     * {@code groupSessionTimeoutMs} after its owner's last heartbeat (the broker bounds it:
     * {@code group.min.session.timeout.ms}, 6 s by default).
     */
    public record Kafka(String bootstrapServers, String topicPrefix, int partitions, int replicationFactor,
                        String clientId, String securityProtocol, String saslMechanism, String saslJaasConfig,
                        int appendTimeoutMs, int groupSessionTimeoutMs) {
        @Override
        public String toString() {
            return "Kafka[bootstrapServers=" + bootstrapServers + ", topicPrefix=" + topicPrefix + ", partitions="
                    + partitions + ", replicationFactor=" + replicationFactor + ", clientId=" + clientId
                    + ", securityProtocol=" + securityProtocol + ", saslJaasConfig=" + Secrets.mask(saslJaasConfig)
                    + ", appendTimeoutMs=" + appendTimeoutMs + ", groupSessionTimeoutMs=" + groupSessionTimeoutMs + "]";
        }
    }

    public enum StoreBackend { IN_PROCESS, REDIS }

    public record Store(StoreBackend backend, Redis redis) {
    }

    /** Redis connection; the password is a secret and is never printed. */
    public record Redis(String url, String password, int poolSize, int timeoutMs) {
        @Override
        public String toString() {
            return "Redis[url=" + url + ", password=" + Secrets.mask(password) + ", poolSize=" + poolSize
                    + ", timeoutMs=" + timeoutMs + "]";
        }
    }

    public enum KeywordBackend { LUCENE, ELASTICSEARCH }

    public record KeywordRecall(KeywordBackend backend, Elasticsearch elasticsearch) {
    }

    /** Elasticsearch connection; the password is a secret and is never printed. */
    public record Elasticsearch(List<String> hosts, String index, String username, String password, int timeoutMs) {
        @Override
        public String toString() {
            return "Elasticsearch[hosts=" + hosts + ", index=" + index + ", username=" + username
                    + ", password=" + Secrets.mask(password) + ", timeoutMs=" + timeoutMs + "]";
        }
    }

    public enum VectorBackend { LUCENE, MILVUS }

    public record VectorRecall(VectorBackend backend, Milvus milvus) {
    }

    /** Milvus connection; the token is a secret and is never printed. */
    public record Milvus(String uri, String token, String collection, int timeoutMs) {
        @Override
        public String toString() {
            return "Milvus[uri=" + uri + ", token=" + Secrets.mask(token) + ", collection=" + collection
                    + ", timeoutMs=" + timeoutMs + "]";
        }
    }

    /**
     * Ranking: the whole-request budget, and each pipeline component's knobs under its id
     * ({@code components.<id>.<knob>}: every budget, the scoring weights, fraud thresholds, sponsored
     * slots, the seller-run limit, recall per source, the most candidates, explain top-k). The ranking
     * module reads and range-checks the knobs while it builds the pipelines; an unknown id or knob
     * stops start-up there, naming the key.
     */
    public record Ranking(int pipelineBudgetMs, java.util.Map<String, java.util.Map<String, Object>> components) {
        public Ranking {
            components = components == null ? java.util.Map.of() : components;
        }
    }

    /**
     * The admin API ({@code /admin/...}) and the console: callers send {@code Authorization: Bearer
     * <key>}. {@code apiKey} is an admin-role key labelled {@code admin} (a secret, set with
     * {@code MERCATOR_ADMIN_API_KEY}, never printed); {@code keysFile} is a secret YAML file
     * listing {@code {label, role: viewer|moderator|admin, key}}. With neither, the admin API is
     * off (403), except in the demo, which makes a key at first start.
     */
    public record Admin(String apiKey, String keysFile) {
        @Override
        public String toString() {
            return "Admin[apiKey=" + Secrets.mask(apiKey) + ", keysFile=" + keysFile + "]";
        }
    }

    /**
     * The canary: {@code percent} of buyers (by a stable hash of the user id) are served the staging
     * model. Every {@code checkIntervalSeconds} its CTR is compared with production's by a one-sided
     * two-proportion z-test once both have {@code minImpressions}; below {@code significance} the
     * canary is rolled back.
     */
    public record Canary(double percent, long minImpressions, double significance, int checkIntervalSeconds) {
    }

    /**
     * When to retrain on its own (checked every {@code checkIntervalSeconds} when {@code enabled}):
     * {@code minNewInteractions} since the last training, or a feature's PSI above {@code maxPsi}
     * over at least {@code minPsiRows} of the last {@code servedRowsWindow} served rows; at most once
     * per {@code cooldownMinutes}. The gate stages a candidate whose NDCG@20 on the last day beats
     * production's by {@code minNdcgGain}, judged on at least {@code minEvaluationRequests} requests.
     */
    public record Retraining(boolean enabled, long minNewInteractions, double maxPsi, int minPsiRows,
                             int servedRowsWindow, int checkIntervalSeconds, int cooldownMinutes, double minNdcgGain,
                             int minEvaluationRequests) {
    }

    /** Where text analysis runs: in this process, at a separate {@code mercator nlp} deployment, or not at all. */
    public enum NlpMode { EMBEDDED, REMOTE, OFF }

    /**
     * Text analysis ({@code /analyze-text}, {@code /auto-reply}, the listing flow's screening).
     *
     * @param mode         embedded: the nlp verticle runs here on {@code workers} threads of its own;
     *                     remote: calls go to {@code url}; off: the endpoints answer 503
     * @param timeoutMs    a call (up to 100 texts) that takes longer counts as the service down
     * @param breakerOpenSeconds how long the circuit breaker stays open after repeated failures
     * @param trainingData where the public text data sets are read when no text model is registered
     * @param reviewBelow  a safety score below this is "review"
     * @param blockBelow   a safety score below this is "block"
     * @param port         the port {@code mercator nlp} listens on
     */
    public record Nlp(NlpMode mode, String url, int workers, int timeoutMs, int breakerOpenSeconds, String trainingData,
                      double reviewBelow, double blockBelow, int port, Screening screening) {
    }

    /**
     * The listing flow: every published or changed listing's text is analysed in batches of
     * {@code batchSize} every {@code intervalMs}; a safety score below {@code flagBelow} opens a
     * moderation item; with {@code hold}, a prohibited or diversion finding at least {@code holdAt}
     * confident withholds the listing until a moderator decides; after a failure, screening pauses
     * {@code retryAfterMs}.
     */
    public record Screening(boolean enabled, double flagBelow, boolean hold, double holdAt, int batchSize, int intervalMs,
                            int retryAfterMs) {
    }

    /**
     * Image analysis ({@code /analyze-image}).
     *
     * @param enabled        off: the endpoint answers 503 with the reason
     * @param mode           embedded: the vision verticle runs here on {@code workers} threads of its
     *                       own; remote: calls go to a {@code mercator vision} deployment at {@code url}
     * @param url            remote mode: where the vision deployment listens
     * @param port           the port {@code mercator vision} (the separate deployment) listens on
     * @param breakerOpenSeconds after repeated failures, calls fail fast this long, then a few are tried
     * @param modelsDir      where scripts/models.sh installed the pretrained networks (npm packages)
     * @param clothingData   the clothing-small photos the category head is trained on when none is registered
     * @param trainPerClass  at most this many training photos per class at first start (0: all)
     * @param workers        the vision verticle's own worker threads
     * @param threadsPerPass threads for one forward pass: ONNX Runtime's intra-op threads, and PyTorch's (set before its engine loads)
     * @param workerNiceness the Linux nice value of the threads that analyse photos and faces and train the image models
     *                       (0: as every other thread; 1-19: lower priority, so that /feed and /search are served first)
     * @param fineTuneEpochs passes over the clothing photos that retrain the network's later blocks before the head is
     *                       trained at first start (0: the head reads the pretrained layers)
     * @param backboneRuntime where the image network runs: ONNX Runtime (the graph written at load), or PyTorch op by op (the reference)
     * @param timeoutMs      an analysis slower than this counts as image analysis down
     * @param nsfwAt         flag "nsfw" at p(porn) + p(hentai) + p(sexy) at or above this
     * @param explicitAt     flag "explicit" at p(porn) + p(hentai) at or above this
     * @param suggestiveAt   flag "suggestive" at p(sexy) at or above this
     * @param moderateBelow  a photo's safety below this opens a moderation item for its listing
     * @param maxHashDistance near-duplicates: photos at most this many hash bits apart match
     * @param minCosine      near-duplicates: or photos whose embeddings are at least this similar
     * @param ekyc           face matching ({@code /ekyc-match})
     */
    public enum VisionMode { EMBEDDED, REMOTE }

    /**
     * eKYC ({@code POST /ekyc-match}).
     *
     * @param matchAt      "match" from this calibrated probability, with liveness at or above {@code livenessAt}
     * @param noMatchBelow "no_match" below this probability; between the two, "review"
     * @param livenessAt   the selfie's liveness probability "match" needs
     * @param slope        Platt scaling of the face cosine (fitted by {@code mercator evaluate-vision})
     * @param intercept    Platt scaling: the bias
     * @param saltFile     the secret salt of face hashes; empty: {@code <dataDir>/secrets/kyc-salt},
     *                     created at first start (owner-only)
     */
    public record Ekyc(double matchAt, double noMatchBelow, double livenessAt, double slope, double intercept, String saltFile) {
    }

    public record Vision(boolean enabled, VisionMode mode, String url, int port, int breakerOpenSeconds, String modelsDir, String clothingData, int trainPerClass, int fineTuneEpochs, int workers, int threadsPerPass, int workerNiceness, ImageBackbone.Runtime backboneRuntime, int timeoutMs,
                         double nsfwAt, double explicitAt, double suggestiveAt, double moderateBelow, int maxHashDistance,
                         double minCosine, Ekyc ekyc) {
    }

    /** Which policy fills the sponsored slots: the Thompson-sampling bandit, or the momentum heuristic. */
    public enum BoostPolicyName { THOMPSON, MOMENTUM }

    /**
     * The auto-boost agent that fills the sponsored slots ({@code ranking.components.sponsored-slots.slots}).
     *
     * @param policy               {@code thompson} or {@code momentum}
     * @param defaultPctr          the click probability assumed for a buyer no model scored
     * @param defaultPcvr          the order probability given a click assumed likewise
     * @param recencyHalfLifeHours how fast old sponsored clicks lose weight in the bandit's posteriors
     * @param paceSlack            the share of its budget a campaign may run ahead of its ideal spend
     * @param catchUp              how hard a campaign behind its pace bids: its score times e^(catchUp x behind)
     */
    public record Autoboost(BoostPolicyName policy, double defaultPctr, double defaultPcvr, double recencyHalfLifeHours,
                            double paceSlack, double catchUp) {
    }

    /**
     * The fraud loop (module {@code fraud}): the anomaly and supervised models trained on moderators'
     * decisions, and the precision gate that lets them remove listings alone.
     *
     * @param enabled          run the loop
     * @param refreshSeconds   how often it scores what changed and retrains when due
     * @param retrainEvery     new moderator decisions on fraud between retrainings
     * @param minListings      listings needed before the first anomaly model
     * @param precisionTarget  calibrated precision, assured by audits, needed to remove alone
     * @param reviewFloor      calibrated probability from which a listing goes to the queue
     * @param anomalyReviewAt  anomaly score from which an uncalibrated model queues a listing
     * @param labelNoise       moderators' error rate, from quality audits
     * @param auditShare       share of automatic removals sent to a moderator to check
     */
    public record Fraud(boolean enabled, int refreshSeconds, int retrainEvery, int minListings, double precisionTarget,
                        double reviewFloor, double anomalyReviewAt, double labelNoise, double auditShare) {
    }

    /**
     * Safer releases (README "Safer releases").
     *
     * @param shadowQueue     requests a shadow may have waiting; more are skipped
     * @param shadowCoreShare the share of one core a shadow may use on average; past it requests are skipped
     */
    public record Releases(int shadowQueue, double shadowCoreShare) {
    }
}
