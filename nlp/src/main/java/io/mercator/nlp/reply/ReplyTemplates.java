package io.mercator.nlp.reply;

import io.mercator.nlp.model.TrainingCorpora;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The reply templates ({@code reply/templates.tsv}): per intent and language, in their default order. */
public final class ReplyTemplates {

    private static final Pattern SLOT = Pattern.compile("\\{([a-z]+)}");

    /** A template: the facts it needs, and its text with {@code {slot}}s. */
    public record Template(String id, String intent, String lang, Set<String> needs, String text) {

        /** The text with the facts filled in; only call when every needed fact is there. */
        String fill(Map<String, String> facts) {
            Matcher m = SLOT.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(facts.get(m.group(1))));
            }
            m.appendTail(out);
            return out.toString();
        }
    }

    private final List<Template> all;

    public ReplyTemplates() {
        List<Template> templates = new ArrayList<>();
        for (String row : TrainingCorpora.resourceLines("reply/templates.tsv")) {
            if (row.startsWith("#")) {
                continue;
            }
            String[] c = row.split("\t", -1);
            Set<String> needs = c[3].isBlank() ? Set.of() : Set.of(c[3].split(","));
            templates.add(new Template(c[0], c[1], c[2], needs, c[4]));
            Matcher m = SLOT.matcher(c[4]);
            while (m.find()) {
                if (!needs.contains(m.group(1))) {
                    throw new IllegalStateException("template " + c[0] + " names {" + m.group(1) + "} without needing it");
                }
            }
        }
        this.all = List.copyOf(templates);
    }

    /** The templates for an intent in a language, in file order. */
    public List<Template> of(String intent, String lang) {
        return all.stream().filter(t -> t.intent().equals(intent) && t.lang().equals(lang)).toList();
    }

    public List<Template> all() {
        return all;
    }
}
