package io.mercator.bench;

import java.util.Locale;
import java.util.Map;

/** Line charts as a small SVG file: benchmark curves people can read faster than tables. */
final class SvgChart {

    private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"};
    private static final int WIDTH = 900;
    private static final int PANEL = 300;
    private static final int LEFT = 60;
    private static final int RIGHT = 210;
    private static final int TOP = 30;
    private static final int BOTTOM = 40;

    private SvgChart() {
    }

    /** Two stacked panels, each with its series over the same x (the index of the value). */
    static String twoPanels(String title1, String xLabel1, Map<String, double[]> series1,
                            String title2, String xLabel2, Map<String, double[]> series2) {
        StringBuilder b = new StringBuilder();
        int height = 2 * (PANEL + TOP + BOTTOM);
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " font-family=\"sans-serif\" font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
                WIDTH, height));
        panel(b, 0, title1, xLabel1, series1);
        panel(b, PANEL + TOP + BOTTOM, title2, xLabel2, series2);
        return b.append("</svg>\n").toString();
    }

    private static void panel(StringBuilder b, int y0, String title, String xLabel, Map<String, double[]> series) {
        int n = series.values().stream().mapToInt(v -> v.length).max().orElse(1);
        double lo = 0;
        double hi = 1e-9;
        for (double[] v : series.values()) {
            for (double x : v) {
                if (Double.isFinite(x)) {
                    lo = Math.min(lo, x);
                    hi = Math.max(hi, x);
                }
            }
        }
        hi += (hi - lo) * 0.05;
        int plotW = WIDTH - LEFT - RIGHT;
        int top = y0 + TOP;
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"14\">%s</text>%n", LEFT, y0 + 18, escape(title)));
        b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n",
                LEFT, top, plotW, PANEL));
        for (int t = 0; t <= 4; t++) {
            double v = lo + (hi - lo) * t / 4;
            double y = top + PANEL - PANEL * t / 4.0;
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>%n", LEFT - 6, y + 4, v));
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>%n",
                    LEFT, y, LEFT + plotW, y));
        }
        for (int t = 0; t < n; t += Math.max(1, n / 12)) {
            double x = LEFT + (double) plotW * t / Math.max(1, n - 1);
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n", x, top + PANEL + 16, t));
        }
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                LEFT + plotW / 2, top + PANEL + 32, escape(xLabel)));
        int k = 0;
        for (Map.Entry<String, double[]> s : series.entrySet()) {
            String colour = COLOURS[k % COLOURS.length];
            StringBuilder points = new StringBuilder();
            double[] v = s.getValue();
            for (int i = 0; i < v.length; i++) {
                if (Double.isFinite(v[i])) {
                    double x = LEFT + (double) plotW * i / Math.max(1, n - 1);
                    double y = top + PANEL - PANEL * (v[i] - lo) / (hi - lo);
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                }
            }
            b.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
                    colour, points.toString().trim()));
            int ly = top + 14 + 18 * k;
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>%n",
                    LEFT + plotW + 10, ly - 4, LEFT + plotW + 30, ly - 4, colour));
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", LEFT + plotW + 36, ly, escape(s.getKey())));
            k++;
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
