package io.mercator.simulator;

import java.util.List;

/**
 * Condition grades of second-hand items, with how they move the asking price and the hidden
 * quality, and the phrases Thai sellers use for them in both languages.
 */
enum Condition {
    NEW("new", 1.30, 1.00, 0.12,
            List.of("brand new, sealed", "new in box", "brand new, never used"),
            List.of("ของใหม่ มือ 1", "ใหม่แกะกล่อง", "ยังไม่แกะซีล")),
    LIKE_NEW("like_new", 1.05, 0.95, 0.25,
            List.of("like new", "mint condition", "used only a few times"),
            List.of("สภาพนางฟ้า", "เหมือนใหม่", "ใช้น้อยมาก สภาพ 99%")),
    GOOD("good", 0.85, 0.85, 0.35,
            List.of("good condition", "works perfectly", "lightly used"),
            List.of("สภาพดี", "ใช้งานปกติทุกอย่าง", "สภาพ 90%")),
    FAIR("fair", 0.65, 0.70, 0.20,
            List.of("fair condition, some scratches", "visible signs of use", "works fine, cosmetic wear"),
            List.of("มีรอยตามการใช้งาน", "สภาพพอใช้", "สภาพ 70%")),
    WORN("worn", 0.45, 0.50, 0.08,
            List.of("well used, sold as is", "heavily used, for parts or repair", "needs some repair"),
            List.of("สภาพเก่า ขายตามสภาพ", "มีตำหนิ ขายถูก", "ต้องซ่อมนิดหน่อย"));

    private static final Condition[] VALUES = values();
    /**
     * Share-weighted geometric mean of the raw price factors; dividing by it keeps the median
     * asking price of a category at the category's median whatever the mix of grades.
     */
    private static final double PRICE_NORMALISER;

    static {
        double logSum = 0;
        for (Condition c : VALUES) {
            logSum += c.share * Math.log(c.rawPriceFactor);
        }
        PRICE_NORMALISER = Math.exp(logSum);
    }

    /** Wire name used in {@code listing.published}. */
    final String wire;
    private final double rawPriceFactor;
    /** Contribution to the hidden listing quality. */
    final double quality;
    /** Share of listings in this grade. */
    final double share;
    final List<String> phrasesEn;
    final List<String> phrasesTh;

    Condition(String wire, double priceFactor, double quality, double share, List<String> phrasesEn,
              List<String> phrasesTh) {
        this.wire = wire;
        this.rawPriceFactor = priceFactor;
        this.quality = quality;
        this.share = share;
        this.phrasesEn = phrasesEn;
        this.phrasesTh = phrasesTh;
    }

    /** Asking price relative to the category median: new items ask more, worn ones less. */
    double priceFactor() {
        return rawPriceFactor / PRICE_NORMALISER;
    }

    static Condition of(int ordinal) {
        return VALUES[ordinal];
    }

    /** Draws a grade by its share, from a uniform draw in [0,1). */
    static Condition draw(double u) {
        double acc = 0;
        for (Condition c : VALUES) {
            acc += c.share;
            if (u < acc) {
                return c;
            }
        }
        return WORN;
    }
}
