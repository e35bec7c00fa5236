package io.mercator.nlp.diversion;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import io.mercator.nlp.Finding;
import io.mercator.nlp.text.MappedText;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Phone numbers, however they are disguised. Sellers write a number with Thai digits (๐๘๑),
 * digits spelled out in Thai or English ("ศูนย์แปดหนึ่ง", "zero eight one", "double one"), look-alike
 * letters ("O81", "08l", "S678", "B8"), or with spaces, dots, dashes and commas between digits or groups. This class reads such a run
 * back into digits; whether the digits are a phone number is for libphonenumber to say (Thailand's
 * numbering plan, and international numbers written with +).
 *
 * <p>A run must start with 0 or + to count: nine digits with neither are as likely an order number
 * or a serial as a phone (libphonenumber would take 812345678 as a Thai mobile).
 */
final class PhoneNumbers implements DiversionRule {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    /** Thai number words, longest first so that a longer word wins. */
    private static final Map<String, Character> THAI_DIGIT_WORDS = Map.ofEntries(
            Map.entry("ศูนย์", '0'), Map.entry("สูนย์", '0'), Map.entry("หนึ่ง", '1'), Map.entry("เอ็ด", '1'),
            Map.entry("สอง", '2'), Map.entry("โท", '2'), Map.entry("สาม", '3'), Map.entry("สี่", '4'),
            Map.entry("ห้า", '5'), Map.entry("หก", '6'), Map.entry("เจ็ด", '7'), Map.entry("แปด", '8'),
            Map.entry("เก้า", '9'),
            // English number words as Thai writes them
            Map.entry("ซีโร่", '0'), Map.entry("ซีโร", '0'), Map.entry("วัน", '1'), Map.entry("ทู", '2'), Map.entry("ทรี", '3'),
            Map.entry("โฟร์", '4'), Map.entry("ไฟว์", '5'), Map.entry("ซิกซ์", '6'), Map.entry("ซิกส์", '6'),
            Map.entry("เซเว่น", '7'), Map.entry("เซเวน", '7'), Map.entry("เอท", '8'), Map.entry("เอ้ท", '8'), Map.entry("เอ็ท", '8'),
            Map.entry("ไนน์", '9'), Map.entry("ศูน", '0'));
    private static final Map<String, Character> ENGLISH_DIGIT_WORDS = Map.ofEntries(
            Map.entry("zero", '0'), Map.entry("oh", '0'), Map.entry("one", '1'), Map.entry("two", '2'),
            Map.entry("three", '3'), Map.entry("four", '4'), Map.entry("five", '5'), Map.entry("six", '6'),
            Map.entry("seven", '7'), Map.entry("eight", '8'), Map.entry("nine", '9'));
    private static final Map<String, Integer> REPEATS = Map.of("double", 2, "triple", 3);
    private static final int MIN_DIGITS = 9;
    private static final int MAX_DIGITS = 13;
    /** Characters of padding allowed between two digits of one number. */
    private static final int MAX_GAP = 3;

    @Override
    public void find(DiversionViews views, List<Finding> out) {
        MappedText text = views.normalized();
        for (Run run : runs(text.text())) {
            if (run.digits.length() < MIN_DIGITS || run.digits.length() > MAX_DIGITS) {
                continue;
            }
            if (isPhone(run.digits.toString(), run.plus) || spelledLikeAPhone(run)) {
                MappedText.Span span = text.originalSpan(run.start, run.end);
                out.add(new Finding(Finding.Kind.DIVERSION, "phone", span.start(), span.end(),
                        text.original().substring(span.start(), span.end()), run.spelled ? 0.95 : 0.97));
            }
        }
    }

    /**
     * Nine or ten digits written mostly as words are a number someone hides from a filter, even
     * where a digit is missing or wrong ("ศูนย์แปด แปดสามสาม หนึ่งสี่สองหก") or the leading zero is
     * left out ("แปดหนึ่ง-หนึ่งสองสาม-สี่ห้าหกเจ็ด"): nobody spells out an order number.
     */
    private static boolean spelledLikeAPhone(Run run) {
        String digits = run.digits.toString();
        if (run.plus || run.words * 2 < digits.length()) {
            return false;
        }
        return (digits.length() == 9 || digits.length() == 10) && digits.startsWith("0")
                || digits.length() == 9 && "689".indexOf(digits.charAt(0)) >= 0 && isPhone("0" + digits, false);
    }

    static boolean isPhone(String digits, boolean plus) {
        if (!plus && digits.startsWith("0066")) {
            return isPhone(digits.substring(2), true);
        }
        if (!plus && digits.startsWith("66") && digits.length() == 11) {
            return isPhone(digits, true); // 66 81 234 5678: Thailand's country code without the +
        }
        if (!plus && !digits.startsWith("0")) {
            return false;
        }
        try {
            Phonenumber.PhoneNumber number = PHONES.parse(plus ? "+" + digits : digits, "TH");
            return PHONES.isValidNumber(number);
        } catch (NumberParseException e) {
            return false;
        }
    }

    /** A run of digit tokens with little padding between them. */
    private static final class Run {
        final StringBuilder digits = new StringBuilder();
        int start = -1;
        int end;
        boolean plus;
        boolean spelled;
        /** Digits written as words ("แปด", "eight"). */
        int words;
    }

    /**
     * Words written between the groups of a number to slip past a filter: "089 (เว้น) 445", "ขีด",
     * "space". They count as one character of padding.
     */
    private static final java.util.regex.Pattern FILLER = java.util.regex.Pattern.compile(
            "เว้น(?:วรรค)?|วรรค|ขีด|(?<![a-z])(?:space|dash|hyphen)(?![a-z])");
    /** Padding between two digits of one number: at most {@link #MAX_GAP} marks, and a few spaces around them. */
    private static final int MAX_GAP_WITH_SPACES = 9;

    private static List<Run> runs(String s) {
        List<Run> runs = new ArrayList<>();
        Run run = new Run();
        int lastDigitEnd = -1;
        int marks = 0;
        java.util.regex.Matcher filler = FILLER.matcher(s);
        int i = 0;
        while (i < s.length()) {
            Token t = digitAt(s, i, lastDigitEnd >= 0 && i - lastDigitEnd <= MAX_GAP);
            if (t == null) {
                char c = s.charAt(i);
                int width = 1;
                boolean padding = c == ' ' || c == '.' || c == '-' || c == '_' || c == '/' || c == '(' || c == ')' || c == '\u2026'
                        || c == '*' || c == '+' || c == ':' || (c == ',' && i + 1 < s.length() && s.charAt(i + 1) == ' ');
                if (!padding && lastDigitEnd >= 0 && filler.region(i, s.length()).lookingAt()) {
                    padding = true;
                    width = filler.end() - i;
                }
                if (padding && c != ' ') {
                    marks++;
                }
                if (!padding || (lastDigitEnd >= 0 && (marks > MAX_GAP || i + 1 - lastDigitEnd > MAX_GAP_WITH_SPACES))) {
                    if (run.start >= 0) {
                        runs.add(run);
                        run = new Run();
                    }
                    lastDigitEnd = -1;
                    marks = 0;
                }
                if (c == '+' && run.start < 0) {
                    run.plus = true;
                    run.start = i;
                }
                i += width;
                continue;
            }
            if (run.start < 0) {
                run.start = i;
            }
            for (int k = 0; k < t.times; k++) {
                run.digits.append(t.digit);
            }
            if (t.length > 1 && !Character.isDigit(s.charAt(i))) {
                run.words++;
            }
            run.spelled |= t.length > 1 || !Character.isDigit(s.charAt(i));
            run.end = i + t.length;
            lastDigitEnd = run.end;
            marks = 0;
            i += t.length;
        }
        if (run.start >= 0) {
            runs.add(run);
        }
        runs.removeIf(r -> r.digits.isEmpty());
        return runs;
    }

    /** A digit standing {@code length} characters long, said {@code times} times ("double one" is 11). */
    private record Token(char digit, int length, int times) {
        Token(char digit, int length) {
            this(digit, length, 1);
        }
    }

    /**
     * The digit at {@code i}, if one stands there: a digit, a Thai or English number word, or (only
     * next to another digit) a letter that looks like one.
     */
    private static Token digitAt(String s, int i, boolean afterDigit) {
        char c = s.charAt(i);
        if (c >= '0' && c <= '9') {
            return new Token(c, 1);
        }
        for (Map.Entry<String, Character> w : THAI_DIGIT_WORDS.entrySet()) {
            if (s.startsWith(w.getKey(), i) && longestThaiWordAt(s, i) == w.getKey().length()) {
                return new Token(w.getValue(), w.getKey().length());
            }
        }
        if (c >= 'a' && c <= 'z' && (i == 0 || !Character.isLetter(s.charAt(i - 1)))) {
            for (Map.Entry<String, Integer> times : REPEATS.entrySet()) {
                int after = i + times.getKey().length();
                if (s.startsWith(times.getKey(), i) && after < s.length() && s.charAt(after) == ' ') {
                    Token next = digitAt(s, after + 1, true);
                    if (next != null) {
                        return new Token(next.digit, after + 1 - i + next.length, times.getValue());
                    }
                }
            }
            for (Map.Entry<String, Character> w : ENGLISH_DIGIT_WORDS.entrySet()) {
                int end = i + w.getKey().length();
                if (s.startsWith(w.getKey(), i) && (end == s.length() || !Character.isLetter(s.charAt(end)))) {
                    return new Token(w.getValue(), w.getKey().length());
                }
            }
        }
        if (isLookAlike(c) && lookAlikeStandsAlone(s, i, afterDigit)) {
            return new Token(switch (c) {
                case 'o' -> '0';
                case 's' -> '5';
                case 'z' -> '2';
                case 'b' -> '8';
                default -> '1';
            }, 1);
        }
        return null;
    }

    /** The longest Thai number word at {@code i} ("สี่" must not read as "สี" + ...; "หก" beats nothing). */
    private static int longestThaiWordAt(String s, int i) {
        int best = 0;
        for (String w : THAI_DIGIT_WORDS.keySet()) {
            if (s.startsWith(w, i)) {
                best = Math.max(best, w.length());
            }
        }
        return best;
    }

    /** O for 0, l or I for 1, S for 5, Z for 2, B for 8 count only beside digits, never inside a word ("iphone", "oil"). */
    private static boolean lookAlikeStandsAlone(String s, int i, boolean afterDigit) {
        int a = i;
        while (a > 0 && isLookAlike(s.charAt(a - 1))) {
            a--;
        }
        int b = i + 1;
        while (b < s.length() && isLookAlike(s.charAt(b))) {
            b++;
        }
        boolean letterBefore = a > 0 && Character.isLetter(s.charAt(a - 1));
        boolean letterAfter = b < s.length() && Character.isLetter(s.charAt(b));
        if (letterBefore || letterAfter) {
            return false; // part of a word: "call", "oil", "iphone"
        }
        boolean touchesDigit = (a > 0 && Character.isDigit(s.charAt(a - 1))) || (b < s.length() && Character.isDigit(s.charAt(b)));
        if (b - a == 1) {
            // after a number, a lone "i" or "o" past a space is a word ("... 2039, I reply"), not its next digit
            return touchesDigit || digitFollows(s, b);
        }
        // several look-alikes together ("III", "is"): only inside a number, digits on both sides
        return touchesDigit || (afterDigit && digitFollows(s, b));
    }

    /** Whether a digit or number word comes next, past a little padding ("o-eight-one"). */
    private static boolean digitFollows(String s, int from) {
        int j = from;
        while (j < s.length() && j - from < MAX_GAP && " .-_/".indexOf(s.charAt(j)) >= 0) {
            j++;
        }
        if (j >= s.length()) {
            return false;
        }
        char c = s.charAt(j);
        return Character.isDigit(c) || (!isLookAlike(c) && digitAt(s, j, false) != null);
    }

    private static boolean isLookAlike(char c) {
        return c == 'o' || c == 'l' || c == 'i' || c == '|' || c == 's' || c == 'z' || c == 'b';
    }
}
