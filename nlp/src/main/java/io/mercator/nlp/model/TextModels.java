package io.mercator.nlp.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mercator.nlp.classify.HashedNgrams;
import io.mercator.nlp.classify.LinearTextClassifier;
import io.mercator.nlp.offensive.OffensiveLexicon;
import io.mercator.nlp.prohibited.ProhibitedLexicon;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One version of the text models, trained together and served together.
 *
 * @param offensiveEn English offensive language: {@code hate_speech}, {@code offensive_language}, {@code neither}
 * @param offensiveTh Thai offensive language: {@code clean}, {@code offensive}
 * @param spam        spam and scam messages: {@code ham}, {@code spam}
 * @param prohibited  {@code allowed} or a prohibited type ({@link ProhibitedLexicon#TYPES})
 * @param intent      a buyer message's intent
 * @param words       the profanity word lists with their weights, Thai and English, and harmless masks
 */
public record TextModels(TextModelCard card, LinearTextClassifier offensiveEn, LinearTextClassifier offensiveTh,
                         LinearTextClassifier spam, LinearTextClassifier prohibited, LinearTextClassifier intent,
                         LinearTextClassifier diversion, ProfanityWords words) {

    public static final List<String> OFFENSIVE_EN = List.of("hate_speech", "offensive_language", "neither");
    public static final List<String> OFFENSIVE_TH = List.of("clean", "offensive");
    public static final List<String> SPAM = List.of("ham", "spam");
    public static final List<String> INTENTS = List.of("availability", "price_negotiation", "shipping", "meetup",
            "condition", "payment", "other");
    /** The diversion classifier's labels: none, or the type of the way off the platform. */
    public static final List<String> DIVERSION = List.of("none", "line_id", "phone", "url", "email", "social",
            "offplatform_payment");

    /**
     * The version of the features the models read (tokens, extras, layouts). A stored version with
     * another format was trained on other features: it is not loaded (its weights would score the
     * wrong inputs), and a new one is trained. Raise it with every change to what the vectors hold.
     * 2: Thai words by ICU word breaks, spam extras. 3: a diversion classifier.
     */
    public static final int FEATURE_FORMAT = 3;

    /** The feature layout of each model: the hash space and the extra features the analyzer adds. */
    public static final HashedNgrams OFFENSIVE_FEATURES = new HashedNgrams(18, 1);
    public static final HashedNgrams SPAM_FEATURES = new HashedNgrams(18, TextFeatures.SPAM_EXTRAS);
    public static final HashedNgrams PROHIBITED_FEATURES = new HashedNgrams(16, ProhibitedLexicon.featureCount());
    public static final HashedNgrams INTENT_FEATURES = new HashedNgrams(16, INTENTS.size());
    public static final HashedNgrams DIVERSION_FEATURES = new HashedNgrams(17, 0);

    /** The profanity lists: word to weight, Thai and English, and Thai words that merely contain a listed one. */
    public record ProfanityWords(Map<String, Double> thai, Map<String, Double> english, List<String> thaiMasks) {

        public OffensiveLexicon thaiLexicon() {
            return new OffensiveLexicon(thai, thaiMasks);
        }

        public OffensiveLexicon englishLexicon() {
            return new OffensiveLexicon(english, List.of());
        }
    }

    public String version() {
        return card.version();
    }

    public static List<String> prohibitedLabels() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of("allowed"), ProhibitedLexicon.TYPES.stream()).toList();
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Writes the version's files into {@code dir} (which must not exist yet). */
    public void writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
            write(dir.resolve("offensive-en.model"), offensiveEn);
            write(dir.resolve("offensive-th.model"), offensiveTh);
            write(dir.resolve("spam.model"), spam);
            write(dir.resolve("prohibited.model"), prohibited);
            write(dir.resolve("intent.model"), intent);
            write(dir.resolve("diversion.model"), diversion);
            JSON.writeValue(dir.resolve("profanity.json").toFile(), words);
            JSON.writeValue(dir.resolve("card.json").toFile(), card);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a version written by {@link #writeTo(Path)}. */
    public static TextModels readFrom(Path dir) {
        try {
            TextModelCard card = JSON.readValue(dir.resolve("card.json").toFile(), TextModelCard.class);
            String format = card.parameters().getOrDefault("feature_format", "1");
            if (!format.equals(Integer.toString(FEATURE_FORMAT))) {
                throw new IncompatibleFormat(card.version(), format);
            }
            ProfanityWords words = JSON.readValue(dir.resolve("profanity.json").toFile(), ProfanityWords.class);
            return new TextModels(card,
                    read(dir.resolve("offensive-en.model"), OFFENSIVE_FEATURES, OFFENSIVE_EN),
                    read(dir.resolve("offensive-th.model"), OFFENSIVE_FEATURES, OFFENSIVE_TH),
                    read(dir.resolve("spam.model"), SPAM_FEATURES, SPAM),
                    read(dir.resolve("prohibited.model"), PROHIBITED_FEATURES, prohibitedLabels()),
                    read(dir.resolve("intent.model"), INTENT_FEATURES, INTENTS),
                    read(dir.resolve("diversion.model"), DIVERSION_FEATURES, DIVERSION), words);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A stored version trained on features of another format than this code computes. */
    public static final class IncompatibleFormat extends RuntimeException {
        IncompatibleFormat(String version, String format) {
            super("text models " + version + " were trained on feature format " + format + "; this code computes format "
                    + FEATURE_FORMAT, null, false, false);
        }
    }

    private static void write(Path file, LinearTextClassifier model) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            model.save(w);
        }
    }

    private static LinearTextClassifier read(Path file, HashedNgrams features, List<String> labels) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return LinearTextClassifier.load(features, labels, r);
        }
    }
}
