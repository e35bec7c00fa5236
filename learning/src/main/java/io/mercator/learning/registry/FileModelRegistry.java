package io.mercator.learning.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mercator.learning.ModelStore;
import io.mercator.learning.TrainedModels;
import io.mercator.learning.TrainingMetadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The registry on the data directory, next to the {@link ModelStore} artifacts it reuses:
 * <pre>
 *   models/&lt;version&gt;/pctr.txt, pcvr.txt, metadata.json   the artifacts ({@link ModelStore})
 *   registry/cards/&lt;version&gt;.json                        one {@link ModelCard} per version
 *   registry/history.jsonl                               one {@link StageTransition} per line, append-only
 * </pre>
 * The history is the source of truth: a version's stage is the last change that names it, and the
 * production stack a rollback walks is rebuilt from the promotions and rollbacks in order. Each
 * transition is one line written with one append and forced to disk, so a crash leaves it whole
 * or leaves a torn last line, which reading skips. Cards are written to a temporary file and
 * renamed into place. A version whose artifacts or card exist but that no history line names was
 * interrupted before it was registered and is ignored.
 *
 * <p>One writer: methods are synchronized in this process, and the service's data-directory lock
 * keeps other processes (the command line) out while it runs.
 */
public final class FileModelRegistry implements ModelRegistry {

    private final ModelStore store;
    private final Path cards;
    private final Path history;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final ObjectMapper pretty = json.copy().enable(SerializationFeature.INDENT_OUTPUT);

    public FileModelRegistry(Path dataDir, Clock clock) {
        this.store = new ModelStore(dataDir);
        this.cards = dataDir.resolve("registry").resolve("cards");
        this.history = dataDir.resolve("registry").resolve("history.jsonl");
        this.clock = clock;
    }

    public FileModelRegistry(Path dataDir) {
        this(dataDir, Clock.systemUTC());
    }

    @Override
    public synchronized RegisteredModel register(TrainedModels trained, ModelCard card, Stage stage, String actor,
                                                 String reason) {
        String version = trained.models().version();
        if (!version.equals(card.version())) {
            throw new IllegalArgumentException("card " + card.version() + " does not describe model " + version);
        }
        State now = state();
        if (now.stages.containsKey(version)) {
            throw new IllegalStateException("model " + version + " is already registered ("
                    + now.stages.get(version).wireName() + ")");
        }
        store.save(trained);
        writeCard(card);
        List<StageChange> changes = new ArrayList<>();
        if (stage == Stage.PRODUCTION) {
            now.production().ifPresent(p -> changes.add(new StageChange(p, Stage.PRODUCTION, Stage.ARCHIVED)));
        } else if (stage == Stage.STAGING) {
            now.staging().ifPresent(s -> changes.add(new StageChange(s, Stage.STAGING, Stage.ARCHIVED)));
        }
        changes.add(new StageChange(version, null, stage));
        append(new StageTransition(clock.millis(), StageTransition.Action.REGISTER, actor, reason, changes));
        return find(version).orElseThrow();
    }

    /**
     * Takes the newest version saved by {@link ModelStore} before the registry existed as
     * production, when the registry is empty; its card is built from its metadata (data hash and
     * evaluation unknown). Returns it, or empty when there was nothing to adopt or the registry
     * already has versions.
     */
    public synchronized Optional<RegisteredModel> adoptLatestIfEmpty(String actor) {
        if (!state().stages.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> latest = store.latest();
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        String version = latest.get();
        TrainingMetadata m = readMetadata(version);
        writeCard(new ModelCard(version, clock.millis(), m.windowStartMillis(), m.windowEndMillis(), "unknown",
                m.featureNames(), m.parameters(), m.pctr(), m.pcvr(), "unknown", null, null));
        append(new StageTransition(clock.millis(), StageTransition.Action.ADOPT, actor,
                "saved before the registry existed; the newest version is taken as production",
                List.of(new StageChange(version, null, Stage.PRODUCTION))));
        return find(version);
    }

    @Override
    public synchronized List<RegisteredModel> list() {
        State s = state();
        List<RegisteredModel> out = new ArrayList<>();
        for (Map.Entry<String, Stage> e : s.stages.entrySet()) {
            out.add(new RegisteredModel(readCard(e.getKey()), e.getValue(), s.since.get(e.getKey())));
        }
        return out;
    }

    @Override
    public synchronized Optional<RegisteredModel> find(String version) {
        State s = state();
        Stage stage = s.stages.get(version);
        return stage == null ? Optional.empty()
                : Optional.of(new RegisteredModel(readCard(version), stage, s.since.get(version)));
    }

    @Override
    public synchronized Optional<RegisteredModel> production() {
        return state().production().flatMap(this::find);
    }

    @Override
    public synchronized Optional<RegisteredModel> staging() {
        return state().staging().flatMap(this::find);
    }

    @Override
    public synchronized RegisteredModel promote(String version, String actor, String reason) {
        State s = state();
        requireStaging(s, version, "promote");
        List<StageChange> changes = new ArrayList<>();
        s.production().ifPresent(p -> changes.add(new StageChange(p, Stage.PRODUCTION, Stage.ARCHIVED)));
        changes.add(new StageChange(version, Stage.STAGING, Stage.PRODUCTION));
        append(new StageTransition(clock.millis(), StageTransition.Action.PROMOTE, actor, reason, changes));
        return find(version).orElseThrow();
    }

    @Override
    public synchronized RegisteredModel rollback(String actor, String reason) {
        State s = state();
        if (s.productions.size() < 2) {
            throw new IllegalStateException("no earlier production model to roll back to");
        }
        String current = s.productions.peekLast();
        String previous = new ArrayList<>(s.productions).get(s.productions.size() - 2);
        List<StageChange> changes = new ArrayList<>();
        changes.add(new StageChange(current, Stage.PRODUCTION, Stage.ARCHIVED));
        if (s.stages.get(previous) == Stage.STAGING) {
            // cannot happen through this class (a returning version was archived), but keep one stage per version
            changes.add(new StageChange(previous, Stage.STAGING, Stage.PRODUCTION));
        } else {
            changes.add(new StageChange(previous, s.stages.get(previous), Stage.PRODUCTION));
        }
        append(new StageTransition(clock.millis(), StageTransition.Action.ROLLBACK, actor, reason, changes));
        return find(previous).orElseThrow();
    }

    @Override
    public synchronized RegisteredModel abortCanary(String version, String actor, String reason) {
        State s = state();
        requireStaging(s, version, "abort the canary of");
        append(new StageTransition(clock.millis(), StageTransition.Action.ABORT_CANARY, actor, reason,
                List.of(new StageChange(version, Stage.STAGING, Stage.ARCHIVED))));
        return find(version).orElseThrow();
    }

    @Override
    public synchronized RegisteredModel switchTo(String version, String actor, String reason) {
        State s = state();
        Stage stage = s.stages.get(version);
        if (stage == null) {
            throw new IllegalStateException("model " + version + " is not registered");
        }
        if (stage == Stage.PRODUCTION) {
            throw new IllegalStateException("model " + version + " is production already");
        }
        List<StageChange> changes = new ArrayList<>();
        s.production().ifPresent(p -> changes.add(new StageChange(p, Stage.PRODUCTION, Stage.ARCHIVED)));
        changes.add(new StageChange(version, stage, Stage.PRODUCTION));
        append(new StageTransition(clock.millis(), StageTransition.Action.SWITCH, actor, reason, changes));
        return find(version).orElseThrow();
    }

    @Override
    public synchronized List<StageTransition> history() {
        return readHistory();
    }

    @Override
    public TrainedModels load(String version) {
        if (find(version).isEmpty()) {
            throw new IllegalArgumentException("model " + version + " is not registered");
        }
        return store.load(version);
    }

    private static void requireStaging(State s, String version, String what) {
        Stage stage = s.stages.get(version);
        if (stage == null) {
            throw new IllegalStateException("model " + version + " is not registered");
        }
        if (stage != Stage.STAGING) {
            throw new IllegalStateException("cannot " + what + " " + version + ": it is " + stage.wireName()
                    + ", only the staging model can be");
        }
    }

    // --- the state, folded from the history ----------------------------------------------------

    /** Stages by version (registration order), when each began, and the production stack. */
    private record State(Map<String, Stage> stages, Map<String, Long> since, Deque<String> productions) {

        Optional<String> production() {
            return Optional.ofNullable(productions.peekLast());
        }

        Optional<String> staging() {
            return stages.entrySet().stream().filter(e -> e.getValue() == Stage.STAGING).map(Map.Entry::getKey)
                    .findFirst();
        }
    }

    private State state() {
        Map<String, Stage> stages = new LinkedHashMap<>();
        Map<String, Long> since = new LinkedHashMap<>();
        Deque<String> productions = new ArrayDeque<>();
        for (StageTransition t : readHistory()) {
            for (StageChange c : t.changes()) {
                stages.put(c.version(), c.to());
                since.put(c.version(), t.atMillis());
            }
            if (t.action() == StageTransition.Action.ROLLBACK || isSwitchBack(t, productions)) {
                productions.pollLast();
            } else {
                for (StageChange c : t.changes()) {
                    if (c.to() == Stage.PRODUCTION) {
                        productions.addLast(c.version());
                    }
                }
            }
        }
        return new State(stages, since, productions);
    }

    /** A switch to the production before the current one is a way back, like a rollback: the stack shrinks. */
    private static boolean isSwitchBack(StageTransition t, Deque<String> productions) {
        if (t.action() != StageTransition.Action.SWITCH || productions.size() < 2) {
            return false;
        }
        String previous = new ArrayList<>(productions).get(productions.size() - 2);
        return t.changes().stream().anyMatch(c -> c.to() == Stage.PRODUCTION && c.version().equals(previous));
    }

    // --- files ---------------------------------------------------------------------------------

    private List<StageTransition> readHistory() {
        if (!Files.exists(history)) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(history, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + history, e);
        }
        List<StageTransition> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(json.readValue(line, StageTransition.class));
            } catch (JsonProcessingException e) {
                if (i == lines.size() - 1) {
                    break; // a torn last line: the append it belonged to never completed
                }
                throw new IllegalStateException("registry history " + history + " line " + (i + 1) + " is corrupt", e);
            }
        }
        return out;
    }

    private void append(StageTransition t) {
        try {
            Files.createDirectories(history.getParent());
            dropTornTail();
            byte[] line = (json.writeValueAsString(t) + "\n").getBytes(StandardCharsets.UTF_8);
            try (FileChannel ch = FileChannel.open(history, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer buf = ByteBuffer.wrap(line);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + history, e);
        }
    }

    /** A torn last line is an append that never completed: cut it off so the next line starts whole. */
    private void dropTornTail() throws IOException {
        if (!Files.exists(history)) {
            return;
        }
        try (FileChannel ch = FileChannel.open(history, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            long keep = size;
            ByteBuffer one = ByteBuffer.allocate(1);
            while (keep > 0) {
                one.clear();
                ch.read(one, keep - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                keep--;
            }
            if (keep < size) {
                ch.truncate(keep);
                ch.force(true);
            }
        }
    }

    private void writeCard(ModelCard card) {
        Path target = cards.resolve(card.version() + ".json");
        Path tmp = cards.resolve(".tmp-" + card.version() + "-" + UUID.randomUUID());
        try {
            Files.createDirectories(cards);
            pretty.writeValue(tmp.toFile(), card);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the registry directory cannot rename atomically: " + cards, e);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("cannot write the card of " + card.version(), e);
        }
    }

    private ModelCard readCard(String version) {
        try {
            return json.readValue(cards.resolve(version + ".json").toFile(), ModelCard.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the card of " + version, e);
        }
    }

    private TrainingMetadata readMetadata(String version) {
        try {
            return json.readValue(store.directory(version).resolve(ModelStore.METADATA_FILE).toFile(),
                    TrainingMetadata.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the metadata of " + version, e);
        }
    }
}
