package io.mercator.nlp.diversion;

import io.mercator.nlp.text.MappedText;
import io.mercator.nlp.text.Rewrites;

import java.util.regex.Pattern;

/**
 * The views of one text that diversion rules read, each mapped back to the original.
 *
 * @param normalized Thai digits as ASCII, full-width forms plain, lower case ({@code TextNormalizer})
 * @param joined     as {@code normalized}, with letters and digits spelled out one at a time joined
 *                   into words ("l i n e : s h o p 9 9" reads "line : shop99")
 * @param linkable   as {@code joined}, with "dot", "จุด", "(at)" and spaced dots written as the
 *                   characters they stand for ("shop dot com" reads "shop.com")
 */
record DiversionViews(MappedText normalized, MappedText joined, MappedText linkable, java.util.Map<Pattern, Boolean> gates,
                      java.util.Map<Pattern, Boolean> linkGates) {

    /** Whether {@code gate} is found in the joined (or the linkable) view; searched once per text. */
    boolean has(Pattern gate, boolean inLinkable) {
        // keyed by the pattern's identity: rules share their gates' Pattern objects
        return (inLinkable ? linkGates : gates).computeIfAbsent(gate,
                g -> g.matcher(inLinkable ? linkable.text() : joined.text()).find());
    }

    private static final Pattern DOT_WORD = Pattern.compile(
            "\\s*[(\\[{<]\\s*(?:dot|จุด|ดอท|\\.)\\s*[)\\]}>]\\s*|(?<=[a-z0-9])\\s+(?:dot|จุด)\\s+(?=[a-z0-9])"
                    + "|(?<=[a-z0-9])\\s*[•·∙・]\\s*(?=[a-z0-9])");
    /** "(at)", "[at]", and " at " or "แอท" before a mail provider (not "price at myshop dot com", a web address). */
    private static final Pattern AT_WORD = Pattern.compile(
            "\\s*[(\\[{<]\\s*(?:at|แอท|@)\\s*[)\\]}>]\\s*|(?<=[a-z0-9._])\\s*(?:\\s+at\\s+|แอท)\\s*"
                    + "(?=(?:gmail|hotmail|yahoo|outlook|icloud|live|proton|จีเมล|ฮอตเมล)(?![a-z]))");
    /** Thai transliterations of a web address's parts: "ดอท คอม", "สแลช", "จีเมล". */
    private static final Pattern DOT_COM_TH = Pattern.compile("\\s*(?:ดอท|ด็อท)\\s*(?:คอม|com)");
    private static final Pattern DOT_TH = Pattern.compile("(?<=[a-z0-9])\\s*(?:ดอท|ด็อท)\\s*(?=[a-z0-9])");
    private static final Pattern SLASH_TH = Pattern.compile("\\s*สแลช\\s*");
    /** A domain's last parts in Thai letters after a dot: "ดอท ซีโอ ดอท ทีเอช" is ".co.th". */
    private static final Pattern TLD_TH = Pattern.compile("(?<=\\.)\\s*(?:ซีโอ|ทีเอช|เน็ต|เน็ท|โออาร์จี|อินทูช|ไอโอ|ช็อป|ชอป)");
    private static final Pattern SPACED_DOT = Pattern.compile("(?<=[a-z0-9])\\s*\\.\\s*(?=[a-z0-9])");
    private static final Pattern SPACED_AT = Pattern.compile("(?<=[a-z0-9._])\\s*@\\s*(?=[a-z0-9])");

    static DiversionViews of(MappedText normalized) {
        MappedText joined = Rewrites.joinSpelledOut(normalized);
        MappedText linkable = Rewrites.replaceAll(joined, DOT_COM_TH, m -> ".com");
        linkable = Rewrites.replaceAll(linkable, DOT_TH, m -> ".");
        // Thai-lettered domains: "วีวี แพลนท์ ดอท ซีโอ ดอท ทีเอช"; dots before Thai letters first, then the parts they name
        linkable = Rewrites.replaceAll(linkable, Pattern.compile("\\s*(?:ดอท|ด็อท)\\s*(?=(?:ซีโอ|ทีเอช|เน็ต|เน็ท|โออาร์จี|อินทูช|ไอโอ|ช็อป|ชอป))"), m -> ".");
        linkable = Rewrites.replaceAll(linkable, TLD_TH, m -> switch (m.group().strip()) {
            case "ซีโอ" -> "co";
            case "ทีเอช" -> "th";
            case "เน็ต", "เน็ท" -> "net";
            case "โออาร์จี" -> "org";
            case "อินทูช" -> "in.th";
            case "ไอโอ" -> "io";
            default -> "shop";
        });
        linkable = Rewrites.replaceAll(linkable, SLASH_TH, m -> "/");
        linkable = Rewrites.replaceAll(linkable, Pattern.compile("จีเมล"), m -> "gmail");
        linkable = Rewrites.replaceAll(linkable, Pattern.compile("ฮอตเมล"), m -> "hotmail");
        linkable = Rewrites.replaceAll(linkable, DOT_WORD, m -> ".");
        linkable = Rewrites.replaceAll(linkable, AT_WORD, m -> "@");
        linkable = Rewrites.replaceAll(linkable, SPACED_DOT, m -> ".");
        linkable = Rewrites.replaceAll(linkable, SPACED_AT, m -> "@");
        return new DiversionViews(normalized, joined, linkable, new java.util.IdentityHashMap<>(), new java.util.IdentityHashMap<>());
    }
}
