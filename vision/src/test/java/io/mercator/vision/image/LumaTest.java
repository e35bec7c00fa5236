package io.mercator.vision.image;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class LumaTest {

    /** Each output cell as the area-weighted mean of the pixels under it, summed in two dimensions at once. */
    private static float[] reference(Luma l, int w, int h) {
        float[] out = new float[w * h];
        double sx = (double) l.width() / w;
        double sy = (double) l.height() / h;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double sum = 0;
                double area = 0;
                for (int py = (int) (y * sy); py < Math.min(l.height(), Math.ceil(y * sy + sy)); py++) {
                    double wy = Math.min(y * sy + sy, py + 1) - Math.max(y * sy, py);
                    for (int px = (int) (x * sx); px < Math.min(l.width(), Math.ceil(x * sx + sx)); px++) {
                        double wx = Math.min(x * sx + sx, px + 1) - Math.max(x * sx, px);
                        sum += wx * wy * l.at(px, py);
                        area += wx * wy;
                    }
                }
                out[y * w + x] = (float) (sum / area);
            }
        }
        return out;
    }

    @Test
    void resizingInTwoPassesGivesTheAreaWeightedMeansOfTheCellsDownAndUp() {
        SplittableRandom rng = new SplittableRandom(3);
        int[][] cases = {{577, 431, 32, 32}, {576, 432, 512, 384}, {640, 480, 256, 192}, {33, 35, 32, 32}, {20, 10, 32, 32}, {7, 5, 3, 2}};
        for (int[] c : cases) {
            float[] v = new float[c[0] * c[1]];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (rng.nextDouble() * 255);
            }
            Luma l = new Luma(c[0], c[1], v);
            float[] expected = reference(l, c[2], c[3]);
            Luma r = l.resized(c[2], c[3]);
            assertThat(r.width()).isEqualTo(c[2]);
            assertThat(r.height()).isEqualTo(c[3]);
            for (int i = 0; i < expected.length; i++) {
                assertThat(r.values()[i]).as("%dx%d -> %dx%d, cell %d", c[0], c[1], c[2], c[3], i)
                        .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-3f));
            }
        }
    }
}
