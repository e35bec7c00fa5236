package io.mercator.nlp.text;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The first view every detector reads: the text in one canonical form, each character mapped back
 * to the original.
 * <ul>
 *   <li>Thai digits (๐-๙) become ASCII digits;</li>
 *   <li>compatibility forms (full-width ０８１, ｌｉｎｅ, ligatures, circled digits) become their plain
 *       form by Unicode NFKC, except Thai letters, which NFKC would split (ำ into ํ + า);</li>
 *   <li>letters are lower-cased;</li>
 *   <li>zero-width characters and soft hyphens, which sellers slip into words to dodge filters,
 *       are dropped, and so are emoji variation selectors and keycaps (0️⃣ is 0);</li>
 *   <li>every run of white space is one space.</li>
 * </ul>
 */
public final class TextNormalizer {

    private TextNormalizer() {
    }

    public static MappedText normalize(String original) {
        MappedText source = MappedText.identity(original);
        MappedText.Builder out = source.derive();
        int i = 0;
        while (i < original.length()) {
            int cp = original.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (isInvisible(cp)) {
                i = next;
                continue;
            }
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                if (out.length() > 0 && out.lastChar() != ' ') {
                    out.append(" ", i, next);
                }
            } else if (cp >= '๐' && cp <= '๙') {
                out.append(String.valueOf((char) ('0' + (cp - '๐'))), i, next);
            } else if (cp < 0x80 || isThai(cp)) {
                out.append(String.valueOf(Character.toChars(Character.toLowerCase(cp))), i, next);
            } else {
                String plain = Normalizer.normalize(original.substring(i, next), Normalizer.Form.NFKC);
                out.append(plain.toLowerCase(Locale.ROOT).replaceAll("\\s+", " "), i, next);
            }
            i = next;
        }
        return out.build();
    }

    public static boolean isThai(int cp) {
        return cp >= 0x0E00 && cp <= 0x0E7F;
    }

    /** A Thai consonant or vowel sign (not a digit, not punctuation). */
    public static boolean isThaiLetter(int cp) {
        return cp >= 0x0E01 && cp <= 0x0E4E;
    }

    private static boolean isInvisible(int cp) {
        // soft hyphen, zero-width spaces and joiners, word joiner, BOM; emoji variation selectors and
        // the combining keycap, so that 0️⃣8️⃣1️⃣ reads 081
        return cp == 0x00AD || (cp >= 0x200B && cp <= 0x200F) || cp == 0x2060 || cp == 0xFEFF
                || cp == 0xFE0E || cp == 0xFE0F || cp == 0x20E3;
    }
}
