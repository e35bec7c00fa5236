package io.mercator.vision.face;

import io.mercator.vision.image.ImageDecoder;
import io.mercator.vision.image.JpegEncoder;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * How well face matching separates people, on the only real faces a registry ships: the six group
 * photos of {@code @vladmandic/face-api}'s demo (22 faces). Every face found is taken as a person
 * of its own. Its "ID photo" is a JPEG of the region around it; its "selfies" are copies cut again
 * with another margin and centre, turned up to 10 degrees, lighter or darker (x0.6 to x1.4) and
 * re-compressed. Same-person pairs are a face's ID photo and its own selfies; different-person
 * pairs are its ID photo and everyone else's selfies.
 *
 * <p>People of even index calibrate (Platt scaling of the cosine); people of odd index are only
 * measured. This is a weak test, and says so: same-person pairs are copies of one photo, not two
 * photos taken apart in time, light and age; 22 people; faces 40 to 200 pixels wide in party photos.
 * It shows the pipeline works and roughly how the scores spread, not an error rate to promise.
 */
public final class FaceEvaluation {

    /** Pairs and what the policy decided for them, on the held-out people. */
    public record Result(int people, int selfies, int selfiesWithOneFace, double fittedSlope, double fittedIntercept, double auc,
                         int samePairs, int sameMatched, int sameNoMatch, int diffPairs, int diffMatched, int diffNoMatch,
                         double sameMedianCosine, double diffMedianCosine, double meanLiveness, double meanLive, double meanReal) {
    }

    private record Person(int index, float[] idEmbedding, List<float[]> selfies, List<double[]> liveness) {
    }

    private FaceEvaluation() {
    }

    public static Result run(FaceAnalyzer faces, FaceMatchPolicy policy, Path photos, int selfiesPerFace, long seed) throws IOException {
        ImageDecoder decoder = new ImageDecoder(FaceMatcher.LIMITS);
        Random random = new Random(seed);
        List<Person> people = new ArrayList<>();
        int selfieCount = 0;
        int oneFace = 0;
        List<Path> files;
        try (Stream<Path> s = Files.list(photos)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".jpg")).sorted().toList();
        }
        for (Path file : files) {
            BufferedImage photo = decoder.decode(Files.readAllBytes(file)).rgb();
            for (DetectedFace face : faces.detect(photo)) {
                BufferedImage id = decoder.decode(JpegEncoder.encode(cut(photo, face, 3.0, 0, 0, 0, 1.0), 0.9f)).rgb();
                List<DetectedFace> idFaces = faces.detect(id);
                if (idFaces.size() != 1) {
                    continue; // the ID photo itself must show one face
                }
                float[] idEmbedding = faces.read(id, idFaces.getFirst(), false).embedding();
                List<float[]> selfies = new ArrayList<>();
                List<double[]> liveness = new ArrayList<>();
                for (int k = 0; k < selfiesPerFace; k++) {
                    double margin = 2.5 + random.nextDouble();
                    double dx = (random.nextDouble() - 0.5) * 0.5;
                    double dy = (random.nextDouble() - 0.5) * 0.5;
                    double turn = Math.toRadians((random.nextDouble() - 0.5) * 20);
                    double gain = 0.6 + random.nextDouble() * 0.8;
                    BufferedImage selfie = decoder.decode(JpegEncoder.encode(cut(photo, face, margin, dx, dy, turn, gain), 0.75f)).rgb();
                    selfieCount++;
                    List<DetectedFace> found = faces.detect(selfie);
                    if (found.size() != 1) {
                        continue;
                    }
                    oneFace++;
                    FaceAnalyzer.FaceReading r = faces.read(selfie, found.getFirst(), true);
                    selfies.add(r.embedding());
                    liveness.add(new double[] {r.live(), r.real()});
                }
                people.add(new Person(people.size(), idEmbedding, selfies, liveness));
            }
        }
        // calibrate on even people, measure on odd
        List<double[]> fit = new ArrayList<>();
        for (Person a : people) {
            if (a.index() % 2 == 0) {
                for (Person b : people) {
                    if (b.index() % 2 == 0) {
                        for (float[] s : b.selfies()) {
                            fit.add(new double[] {FaceAnalyzer.cosine(a.idEmbedding(), s), a == b ? 1 : 0});
                        }
                    }
                }
            }
        }
        double[] platt = Platt.fit(fit);
        FaceMatchPolicy fitted = new FaceMatchPolicy(policy.matchAt(), policy.noMatchBelow(), policy.livenessAt(), platt[0], platt[1]);
        List<Double> same = new ArrayList<>();
        List<Double> diff = new ArrayList<>();
        int sameMatched = 0;
        int sameNo = 0;
        int diffMatched = 0;
        int diffNo = 0;
        double live = 0;
        double real = 0;
        int n = 0;
        for (Person a : people) {
            if (a.index() % 2 == 0) {
                continue;
            }
            for (double[] l : a.liveness()) {
                live += l[0];
                real += l[1];
                n++;
            }
            for (Person b : people) {
                if (b.index() % 2 == 0) {
                    continue;
                }
                for (float[] s : b.selfies()) {
                    double cos = FaceAnalyzer.cosine(a.idEmbedding(), s);
                    double p = fitted.probability(cos);
                    // matching alone: liveness is reported apart (these are photos of photos, all of them)
                    boolean matched = p >= fitted.matchAt();
                    boolean no = p < fitted.noMatchBelow();
                    if (a == b) {
                        same.add(cos);
                        sameMatched += matched ? 1 : 0;
                        sameNo += no ? 1 : 0;
                    } else {
                        diff.add(cos);
                        diffMatched += matched ? 1 : 0;
                        diffNo += no ? 1 : 0;
                    }
                }
            }
        }
        return new Result(people.size(), selfieCount, oneFace, platt[0], platt[1], auc(same, diff), same.size(), sameMatched, sameNo,
                diff.size(), diffMatched, diffNo, median(same), median(diff), n == 0 ? Double.NaN : (live + real) / 2 / n,
                n == 0 ? Double.NaN : live / n, n == 0 ? Double.NaN : real / n);
    }

    /** The region around {@code face}: {@code margin} times its size, its centre moved by (dx, dy) of its size, turned, lit by {@code gain}. */
    public static BufferedImage cut(BufferedImage photo, DetectedFace face, double margin, double dx, double dy, double turn, double gain) {
        int out = 400;
        double side = face.width() * margin;
        double cx = (face.left() + face.right()) / 2 + dx * face.width();
        double cy = (face.top() + face.bottom()) / 2 + dy * face.width();
        BufferedImage image = new BufferedImage(out, out, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.translate(out / 2.0, out / 2.0);
        g.rotate(turn);
        g.scale(out / side, out / side);
        g.translate(-cx, -cy);
        g.drawImage(photo, 0, 0, null);
        g.dispose();
        if (gain != 1.0) {
            int[] px = image.getRGB(0, 0, out, out, null, 0, out);
            for (int i = 0; i < px.length; i++) {
                int v = px[i];
                int r = (int) Math.min(255, ((v >> 16) & 255) * gain);
                int gr = (int) Math.min(255, ((v >> 8) & 255) * gain);
                int b = (int) Math.min(255, (v & 255) * gain);
                px[i] = (r << 16) | (gr << 8) | b;
            }
            image.setRGB(0, 0, out, out, px, 0, out);
        }
        return image;
    }

    private static double auc(List<Double> pos, List<Double> neg) {
        double wins = 0;
        for (double p : pos) {
            for (double q : neg) {
                wins += p > q ? 1 : p == q ? 0.5 : 0;
            }
        }
        return pos.isEmpty() || neg.isEmpty() ? Double.NaN : wins / ((double) pos.size() * neg.size());
    }

    private static double median(List<Double> v) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    /** One-feature logistic regression by Newton's method, the two classes weighted equally. */
    static final class Platt {
        private Platt() {
        }

        static double[] fit(List<double[]> xy) {
            double pos = xy.stream().filter(e -> e[1] == 1).count();
            double neg = xy.size() - pos;
            if (pos == 0 || neg == 0) {
                throw new IllegalArgumentException("calibration needs both same- and different-person pairs");
            }
            // centre and scale the cosine for a well-conditioned fit, then map back
            double mean = xy.stream().mapToDouble(e -> e[0]).average().orElse(0);
            double sd = Math.sqrt(xy.stream().mapToDouble(e -> (e[0] - mean) * (e[0] - mean)).average().orElse(1));
            double a = 0;
            double b = 0;
            for (int it = 0; it < 100; it++) {
                double ga = 0;
                double gb = 0;
                double haa = 1e-6;
                double hab = 0;
                double hbb = 1e-6;
                for (double[] e : xy) {
                    double x = (e[0] - mean) / sd;
                    double w = e[1] == 1 ? 0.5 / pos : 0.5 / neg;
                    double p = 1 / (1 + Math.exp(-(a * x + b)));
                    ga += w * (p - e[1]) * x;
                    gb += w * (p - e[1]);
                    double h = w * p * (1 - p);
                    haa += h * x * x;
                    hab += h * x;
                    hbb += h;
                }
                double det = haa * hbb - hab * hab;
                double da = (hbb * ga - hab * gb) / det;
                double db = (haa * gb - hab * ga) / det;
                a -= da;
                b -= db;
                if (Math.abs(da) + Math.abs(db) < 1e-9) {
                    break;
                }
            }
            return new double[] {a / sd, b - a * mean / sd};
        }
    }
}
