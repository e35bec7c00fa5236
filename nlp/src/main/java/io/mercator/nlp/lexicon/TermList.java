package io.mercator.nlp.lexicon;

import io.mercator.nlp.text.TextNormalizer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Terms to look for in a normalised text, each with a label (a type, a weight...). Terms with Latin
 * letters match whole words ("gin" not in "login"); Thai terms match anywhere, since Thai is written
 * without spaces between words.
 */
public final class TermList {

    /** A term with its label, in the same normal form as the texts it is looked for in. */
    public record Term(String term, String label, boolean wholeWord) {
    }

    /** A place a term stands in a text: {@code [start, end)} of the text searched. */
    public record Hit(Term term, int start, int end) {
    }

    private final List<Term> terms;

    public TermList(List<Term> terms) {
        this.terms = List.copyOf(terms);
    }

    /** A term in the texts' normal form; Latin terms are whole words. */
    public static Term term(String raw, String label) {
        String normal = TextNormalizer.normalize(raw.strip()).text();
        boolean latin = normal.chars().anyMatch(c -> c >= 'a' && c <= 'z');
        return new Term(normal, label, latin);
    }

    /**
     * Reads a class-path resource of lines {@code label<TAB>term} (or just {@code term}, with the
     * label {@code defaultLabel}); {@code #} starts a comment line.
     */
    public static TermList resource(String path, String defaultLabel) {
        try (InputStream in = TermList.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + path);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Term> terms = new ArrayList<>();
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t");
                terms.add(cols.length >= 2 ? term(cols[1], cols[0]) : term(cols[0], defaultLabel));
            }
            return new TermList(terms);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Term> terms() {
        return terms;
    }

    /** Every place a term stands in {@code text}; overlapping hits of different terms are all kept. */
    public List<Hit> find(String text) {
        List<Hit> hits = new ArrayList<>();
        for (Term t : terms) {
            int from = 0;
            while (true) {
                int at = text.indexOf(t.term(), from);
                if (at < 0) {
                    break;
                }
                int end = at + t.term().length();
                if (!t.wholeWord() || (boundary(text, at - 1) && boundary(text, end))) {
                    hits.add(new Hit(t, at, end));
                }
                from = at + 1;
            }
        }
        return hits;
    }

    private static boolean boundary(String text, int i) {
        if (i < 0 || i >= text.length()) {
            return true;
        }
        char c = text.charAt(i);
        return !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
    }
}
