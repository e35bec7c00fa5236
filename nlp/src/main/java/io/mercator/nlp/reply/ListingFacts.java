package io.mercator.nlp.reply;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the catalog says of a listing that a reply may state. Any fact may be unknown (null); a
 * suggestion states only facts that are here, never invents one.
 *
 * @param condition the catalog's grade: new, like_new, good, fair, worn
 */
public record ListingFacts(String title, Double price, Integer stock, String province, String condition) {

    /** The facts a template can name, written for a reply in {@code lang} ("th" or "en"). */
    Map<String, String> forReply(String lang) {
        Map<String, String> out = new LinkedHashMap<>();
        if (title != null && !title.isBlank()) {
            out.put("title", title);
        }
        if (price != null) {
            out.put("price", String.format(java.util.Locale.ROOT, "%,.0f", price));
        }
        if (stock != null && stock > 0) {
            out.put("stock", Integer.toString(stock));
        }
        if (province != null && !province.isBlank()) {
            out.put("province", province);
        }
        if (condition != null) {
            String words = conditionWords(condition, lang);
            if (words != null) {
                out.put("condition", words);
            }
        }
        return out;
    }

    private static String conditionWords(String grade, String lang) {
        boolean thai = "th".equals(lang);
        return switch (grade) {
            case "new" -> thai ? "ใหม่" : "new";
            case "like_new" -> thai ? "เหมือนใหม่" : "like-new";
            case "good" -> thai ? "ดี" : "good";
            case "fair" -> thai ? "พอใช้" : "fair";
            case "worn" -> thai ? "มีร่องรอยการใช้งาน" : "worn";
            default -> null;
        };
    }
}
