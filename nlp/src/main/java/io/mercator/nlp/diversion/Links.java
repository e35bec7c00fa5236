package io.mercator.nlp.diversion;

import io.mercator.nlp.Finding;
import io.mercator.nlp.text.MappedText;
import org.nibor.autolink.LinkExtractor;
import org.nibor.autolink.LinkSpan;
import org.nibor.autolink.LinkType;

import java.util.EnumSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Web links and e-mail addresses, found by autolink in the view where "dot" and "(at)" are
 * already the characters they stand for. autolink needs a scheme or "www." for a web link;
 * sellers write bare domains ("myshop.co.th", "bit.ly/x"), so a domain with a known top-level
 * domain counts too (a list, so that "1.5", "size.m" or "v2.0" do not).
 */
final class Links implements DiversionRule {

    private static final LinkExtractor LINKS = LinkExtractor.builder()
            .linkTypes(EnumSet.of(LinkType.URL, LinkType.WWW, LinkType.EMAIL)).build();
    private static final Pattern BARE_DOMAIN = Pattern.compile(
            "(?<![\\p{L}\\p{N}@._-])(?:[a-z0-9][a-z0-9-]{0,62}\\.)+"
                    + "(?:com|net|org|info|biz|io|me|ly|gl|gd|cc|co|to|app|page|link|site|online|shop|store|xyz|asia|"
                    + "co\\.th|in\\.th|or\\.th|ac\\.th|go\\.th|th)"
                    + "(?![\\p{L}\\p{N}-])(?:/[^\\s]*)?");

    @Override
    public void find(DiversionViews views, List<Finding> out) {
        MappedText view = views.linkable();
        String s = view.text();
        boolean[] taken = new boolean[s.length()];
        for (LinkSpan link : LINKS.extractLinks(s)) {
            String type = link.getType() == LinkType.EMAIL ? "email" : "url";
            add(view, link.getBeginIndex(), link.getEndIndex(), type, out, taken);
        }
        Matcher m = BARE_DOMAIN.matcher(s);
        while (m.find()) {
            if (!taken[m.start()] && hasLetter(m.group())) {
                add(view, m.start(), m.end(), "url", out, taken);
            }
        }
    }

    private static boolean hasLetter(String domain) {
        String host = domain.split("[./]")[0];
        return host.chars().anyMatch(Character::isLetter);
    }

    private static void add(MappedText view, int start, int end, String type, List<Finding> out, boolean[] taken) {
        for (int i = start; i < end; i++) {
            taken[i] = true;
        }
        MappedText.Span span = view.originalSpan(start, end);
        out.add(new Finding(Finding.Kind.DIVERSION, type, span.start(), span.end(),
                view.original().substring(span.start(), span.end()), 0.95));
    }
}
