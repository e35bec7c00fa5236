package io.mercator.nlp.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data the text models learn from. Public data sets are read where the project keeps them
 * ({@code ../shared/data/text}, never copied into the repository); the sets written for Mercator
 * (prohibited listings, buyer messages, labels of Thai messages) are resources of this module.
 *
 * <ul>
 *   <li>English offensive language: Davidson et al. (ICWSM 2017) tweets, three classes;</li>
 *   <li>spam: the UCI SMS Spam Collection;</li>
 *   <li>Thai offensive language: wisesight-sentiment messages, labelled offensive or not by reading
 *       them ({@code train/thai-offensive-train-labels.tsv} gives line numbers and labels only);</li>
 *   <li>the Thai and English profanity lists of the npm package naughty-words;</li>
 *   <li>prohibited goods and buyer intents: {@code train/prohibited-train.tsv},
 *       {@code train/intent-train.tsv}, written for Mercator.</li>
 * </ul>
 */
public final class TrainingCorpora {

    public static final String DAVIDSON = "text/davidson-train.csv";
    public static final String SMS_SPAM = "text/sms-spam-train.tsv";
    public static final String WISESIGHT_TRAIN = "text/wisesight-train.jsonl";
    public static final String WISESIGHT_VALID = "text/wisesight-valid.jsonl";
    public static final String PROFANITY_TH = "text/lexicons/naughty-words-th.json";
    public static final String PROFANITY_EN = "text/lexicons/naughty-words-en.json";
    private static final String RESOURCES = "/io/mercator/nlp/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path sharedData;

    /** @param sharedData the shared data folder ({@code ../shared/data}) */
    public TrainingCorpora(Path sharedData) {
        this.sharedData = sharedData;
    }

    public Path sharedData() {
        return sharedData;
    }

    /** The shared files training needs that are not there; empty when all are. */
    public List<String> missing() {
        List<String> missing = new ArrayList<>();
        for (String f : List.of(DAVIDSON, SMS_SPAM, WISESIGHT_TRAIN, PROFANITY_TH, PROFANITY_EN)) {
            if (!Files.isRegularFile(sharedData.resolve(f))) {
                missing.add(sharedData.resolve(f).toString());
            }
        }
        return missing;
    }

    /** Davidson tweets labelled {@code hate_speech}, {@code offensive_language} or {@code neither}. */
    public List<LabelledText> davidson() {
        String[] names = {"hate_speech", "offensive_language", "neither"};
        CsvMapper csv = new CsvMapper();
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        List<LabelledText> out = new ArrayList<>();
        try (MappingIterator<Map<String, String>> rows = csv.readerFor(Map.class).with(schema)
                .readValues(sharedData.resolve(DAVIDSON).toFile())) {
            while (rows.hasNext()) {
                Map<String, String> row = rows.next();
                out.add(new LabelledText(row.get("tweet"), names[Integer.parseInt(row.get("class").strip())]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** SMS messages labelled {@code ham} or {@code spam}. */
    public List<LabelledText> smsSpam() {
        List<LabelledText> out = new ArrayList<>();
        List<String> lines = lines(sharedData.resolve(SMS_SPAM));
        for (String line : lines.subList(1, lines.size())) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                out.add(new LabelledText(line.substring(tab + 1), line.substring(0, tab).strip()));
            }
        }
        return out;
    }

    /** Thai messages labelled {@code offensive} or {@code clean}, by the labels of a resource over a wisesight file. */
    public List<LabelledText> thaiOffensive(String wisesightFile, List<String> labelRows) {
        List<String> messages = lines(sharedData.resolve(wisesightFile));
        List<LabelledText> out = new ArrayList<>();
        for (String row : labelRows.subList(1, labelRows.size())) {
            String[] cols = row.split("\t");
            if (cols.length < 2) {
                continue;
            }
            int line = Integer.parseInt(cols[0].strip());
            String text = texts(messages.get(line - 1));
            out.add(new LabelledText(text, "1".equals(cols[1].strip()) ? "offensive" : "clean"));
        }
        return out;
    }

    /** The Thai training labels shipped with this module ({@code train/thai-offensive-train-labels.tsv}). */
    public List<LabelledText> thaiOffensiveTrain() {
        return thaiOffensive(WISESIGHT_TRAIN, resourceLines("train/thai-offensive-train-labels.tsv"));
    }

    public boolean hasThaiOffensiveLabels() {
        return TrainingCorpora.class.getResource(RESOURCES + "train/thai-offensive-train-labels.tsv") != null;
    }

    /** Listings labelled with their first prohibited type, or {@code allowed}. */
    public List<LabelledText> prohibited() {
        return typed(PROHIBITED_FILES, "allowed");
    }

    /** Buyer messages labelled with their intent. */
    public List<LabelledText> intents() {
        return typed(INTENT_FILES, null);
    }

    /**
     * Ordinary marketplace text, none of it offensive: the allowed listings of the prohibited-goods
     * files and the buyer messages of the intent files, in {@code langs} (th, en, mixed), labelled
     * {@code label}. The offensive models learn from it that listing and chat language is not
     * offensive: Davidson's tweets are three-quarters offensive, and a model of them alone took
     * "Nintendo Switch Lite 512GB" for offensive language.
     */
    public List<LabelledText> marketplaceText(java.util.Set<String> langs, String label) {
        List<LabelledText> out = new ArrayList<>();
        for (String resource : present(concat(PROHIBITED_FILES, INTENT_FILES))) {
            boolean listings = PROHIBITED_FILES.contains(resource);
            List<String> rows = resourceLines(resource);
            for (String row : rows.subList(1, rows.size())) {
                String[] cols = row.split("\t", 3);
                if (cols.length == 3 && langs.contains(cols[1].strip()) && (!listings || "-".equals(cols[0].strip()))) {
                    out.add(new LabelledText(cols[2].strip(), label));
                }
            }
        }
        return out;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** The resources of prohibited-goods listings, written for Mercator in rounds by different hands. */
    public static final List<String> PROHIBITED_FILES = List.of("train/prohibited-train.tsv", "train/prohibited-train-2.tsv",
            "train/prohibited-train-3.tsv", "train/prohibited-train-4.tsv");
    public static final List<String> INTENT_FILES = List.of("train/intent-train.tsv", "train/intent-train-2.tsv");
    /** Ways off the platform, and ordinary text that only looks like one, written for Mercator. */
    public static final List<String> DIVERSION_FILES = List.of("train/diversion-train.tsv", "train/diversion-train-2.tsv");

    /** Texts labelled with their first diversion type, or {@code none}. */
    public List<LabelledText> diversion() {
        return typed(DIVERSION_FILES, "none");
    }

    /** Those of {@code resources} this build has. */
    public static List<String> present(List<String> resources) {
        return resources.stream().filter(r -> TrainingCorpora.class.getResource(RESOURCES + r) != null).toList();
    }

    /** Rows {@code label<TAB>lang<TAB>text} of a resource; the first of comma-separated labels, "-" read as {@code none}. */
    private List<LabelledText> typed(List<String> resources, String none) {
        List<LabelledText> out = new ArrayList<>();
        for (String resource : present(resources)) {
            List<String> rows = resourceLines(resource);
            addTyped(rows.subList(1, rows.size()), none, out);
        }
        return out;
    }

    private static void addTyped(List<String> rows, String none, List<LabelledText> out) {
        for (String row : rows) {
            String[] cols = row.split("\t", 3);
            if (cols.length < 3) {
                continue;
            }
            String label = cols[0].strip();
            out.add(new LabelledText(cols[2].strip(), "-".equals(label) ? none : label.split(",")[0].strip()));
        }
    }

    /** The Thai profanity list, each word with weight {@code base}. */
    public Map<String, Double> profanityTh(double base) {
        return words(PROFANITY_TH, base);
    }

    public Map<String, Double> profanityEn(double base) {
        return words(PROFANITY_EN, base);
    }

    private Map<String, Double> words(String file, double base) {
        try {
            JsonNode list = JSON.readTree(sharedData.resolve(file).toFile());
            Map<String, Double> out = new LinkedHashMap<>();
            list.forEach(w -> out.put(w.asText(), base));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SHA-256 of a shared file, for the model card. */
    public String sha256(String file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(sharedData.resolve(file))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SHA-256 of a resource of this module. */
    public static String resourceSha256(String resource) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\n", resourceLines(resource)).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String texts(String jsonLine) {
        try {
            return JSON.readTree(jsonLine).path("texts").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> resourceLines(String resource) {
        try (InputStream in = TrainingCorpora.class.getResourceAsStream(RESOURCES + resource)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + RESOURCES + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return r.lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
