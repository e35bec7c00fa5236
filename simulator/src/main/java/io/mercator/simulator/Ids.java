package io.mercator.simulator;

/** Readable, stable entity ids such as {@code listing-000042}. */
final class Ids {

    private Ids() {
    }

    static String padded(String prefix, long n, int width) {
        String digits = Long.toString(n);
        StringBuilder sb = new StringBuilder(prefix.length() + Math.max(width, digits.length())).append(prefix);
        for (int i = digits.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(digits).toString();
    }
}
