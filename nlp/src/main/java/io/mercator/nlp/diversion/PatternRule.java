package io.mercator.nlp.diversion;

import io.mercator.nlp.Finding;
import io.mercator.nlp.text.MappedText;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hand-written rule for what no library covers (LINE IDs, social handles, payment outside the
 * app): a pattern over one of the text's views, the finding type, and a confidence set by hand (not
 * learned).
 *
 * <p>Two checks keep ordinary text out:
 * <ul>
 *   <li>a pattern with a {@code handle} group: the handle must not be an ordinary word
 *       ({@code notHandles}); and where the pattern has no {@code marker} group that matched (":",
 *       "id", "@", a Thai keyword before a Latin handle), the handle must look like an ID, with a
 *       digit, a dot or an underscore: "line shop99" is an ID, "clothes line rack" is not;</li>
 *   <li>a negatable rule is dropped when a refusal stands just before or after it ("ไม่รับโอนนอกแอป",
 *       "พร้อมเพย์ไม่รับ", "no PromptPay").</li>
 * </ul>
 */
record PatternRule(String type, Pattern pattern, double confidence, boolean linkView, Set<String> notHandles,
                   boolean negatable, Pattern gate) implements DiversionRule {

    private static final Pattern REFUSAL_BEFORE = Pattern.compile(
            "(?:ไม่รับ|ไม่มี|ไม่ใช้|ไม่ให้|ไม่(?:สะดวก|อยาก|ต้อง)\\s*(?:คุย|ทัก|ใช้|ติดต่อ|ไป)?|ไม่|ห้าม|งด|(?<![a-z])(?:no|not|never|don't|do not|won't|cannot|can't)(?![a-z]))\\s*$");
    private static final Pattern REFUSAL_AFTER = Pattern.compile(
            "^\\s*(?:ไม่รับ|ไม่ได้|งด|นะคะไม่รับ|(?<![a-z])(?:not accepted|not allowed|no)(?![a-z]))");
    private static final Pattern ID_LIKE = Pattern.compile(".*[0-9._].*");

    static PatternRule of(String type, double confidence, String regex) {
        return new PatternRule(type, Pattern.compile(regex), confidence, false, Set.of(), false, null);
    }

    static PatternRule withHandle(String type, double confidence, String regex, Set<String> notHandles) {
        return new PatternRule(type, Pattern.compile(regex), confidence, false, notHandles, false, null);
    }

    /** The same rule, dropped when a refusal stands beside it. */
    PatternRule refusable() {
        return new PatternRule(type, pattern, confidence, linkView, notHandles, true, gate);
    }

    /** The same rule over the view where "dot", "ดอท" and "(at)" are already characters. */
    PatternRule onLinkView() {
        return new PatternRule(type, pattern, confidence, true, notHandles, negatable, gate);
    }

    /**
     * The same rule, tried only on texts where {@code gate} (a word the rule cannot match without,
     * such as a platform's name) is found somewhere: a long alternation tried at every position of
     * every text was most of the time analysis took, and most texts name no platform. The gate is
     * searched once per text and view, for all the rules that share it.
     */
    PatternRule when(Pattern gate) {
        return new PatternRule(type, pattern, confidence, linkView, notHandles, negatable, gate);
    }

    @Override
    public void find(DiversionViews views, List<Finding> out) {
        MappedText view = linkView ? views.linkable() : views.joined();
        if (gate != null && !views.has(gate, linkView)) {
            return;
        }
        String s = view.text();
        Matcher m = pattern.matcher(s);
        boolean handled = pattern.pattern().contains("(?<handle>");
        boolean marked = pattern.pattern().contains("(?<marker>");
        while (m.find()) {
            if (m.end() == m.start()) {
                continue;
            }
            if (handled) {
                String handle = m.group("handle");
                if (handle == null) {
                    continue;
                }
                String bare = handle.replaceAll("[._-]+$", "");
                boolean hasMarker = marked && m.group("marker") != null;
                if (notHandles.contains(bare) || (!hasMarker && !ID_LIKE.matcher(bare).matches())) {
                    continue;
                }
            }
            if (negatable && refused(s, m.start(), m.end())) {
                continue;
            }
            MappedText.Span span = view.originalSpan(m.start(), m.end());
            out.add(new Finding(Finding.Kind.DIVERSION, type, span.start(), span.end(),
                    view.original().substring(span.start(), span.end()), confidence));
        }
    }

    private static boolean refused(String s, int start, int end) {
        String before = s.substring(Math.max(0, start - 12), start);
        String after = s.substring(end, Math.min(s.length(), end + 14));
        return REFUSAL_BEFORE.matcher(before).find() || REFUSAL_AFTER.matcher(after).find();
    }
}
