package io.mercator.service.http;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A strict decoder of URL query strings: a broken percent escape or bytes that are not UTF-8 are
 * an error the client hears about, instead of being silently replaced by U+FFFD.
 */
final class QueryString {

    /** The query cannot be decoded; the message says why. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    private QueryString() {
    }

    /**
     * Decodes {@code a=1&b=x%20y}. A repeated name is an error: which of two latitudes the caller
     * meant is not ours to guess.
     */
    static Map<String, String> parse(String raw) throws Malformed {
        Map<String, String> params = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (params.putIfAbsent(name, value) != null) {
                throw new Malformed("parameter '" + shorten(name) + "' is given more than once; give it once");
            }
        }
        return params;
    }

    private static String decode(String s) throws Malformed {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        ByteBuffer bytes = ByteBuffer.allocate(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new Malformed("broken percent escape at the end of '" + shorten(s) + "'");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new Malformed("broken percent escape '%" + s.charAt(i + 1) + s.charAt(i + 2) + "'");
                }
                bytes.put((byte) (hi << 4 | lo));
                i += 2;
            } else if (c == '+') {
                bytes.put((byte) ' ');
            } else if (c < 0x80) {
                bytes.put((byte) c);
            } else {
                throw new Malformed("unescaped non-ASCII character in the query string");
            }
        }
        bytes.flip();
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = utf8.decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new Malformed("query string is not valid UTF-8 after percent-decoding");
        }
    }

    private static String shorten(String s) {
        return s.length() <= 16 ? s : s.substring(0, 16) + "…";
    }
}
