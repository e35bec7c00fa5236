package io.mercator.vision.face;

import io.mercator.vision.model.Resize;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds faces with BlazeFace: the photo is padded to a square and scaled to 256x256, each of the
 * 896 anchors (a 16x16 grid with two anchors a cell, an 8x8 grid with six) gives a score and a box
 * and six keypoints relative to it, and overlapping boxes are merged by non-maximum suppression.
 *
 * @param minConfidence a face counts from this score (0..1)
 * @param maxOverlap    boxes overlapping a better one by more than this (IoU) are dropped
 */
public record FaceDetector(FaceModels models, double minConfidence, double maxOverlap) {

    private static final int SIZE = FaceModels.DETECTOR_SIZE;
    private static final float[][] ANCHORS = anchors();
    /** The values the 256x256 input is scaled to: x / 127.5 - 0.5 for pixel values x in [0, 255], as Human feeds this model. */
    private static final float SCALE = 2f;
    private static final float SHIFT = -0.5f;

    public FaceDetector(FaceModels models) {
        this(models, 0.6, 0.3);
    }

    /** The faces in {@code photo}, best first. Blocking: call it from a worker. */
    public List<DetectedFace> detect(BufferedImage photo) {
        // letterboxed to a square (padded right or below), so that faces keep their shape
        int side = Math.max(photo.getWidth(), photo.getHeight());
        BufferedImage square = photo;
        if (photo.getWidth() != photo.getHeight()) {
            square = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = square.createGraphics();
            g.drawImage(photo, 0, 0, null);
            g.dispose();
        }
        float[] input = new float[3 * SIZE * SIZE];
        Resize.toChannelsFirst(square, SIZE, input, 0);
        for (int i = 0; i < input.length; i++) {
            input[i] = input[i] * SCALE + SHIFT;
        }
        List<float[]> out = models.detect(input);
        // the outputs are scores and regressors at stride 16 (512 anchors) and 32 (384): sorted by size
        // they are 384 scores, 512 scores, 384 x 16 regressors, 512 x 16 regressors
        List<float[]> bySize = new ArrayList<>(out);
        bySize.sort(Comparator.comparingInt(a -> a.length));
        float[] scores = concat(bySize.get(1), bySize.get(0));
        float[] boxes = concat(bySize.get(3), bySize.get(2));
        double sx = side / (double) SIZE;
        double sy = sx;
        List<DetectedFace> candidates = new ArrayList<>();
        for (int a = 0; a < ANCHORS.length; a++) {
            double score = 1 / (1 + Math.exp(-scores[a]));
            if (score < minConfidence) {
                continue;
            }
            int o = a * 16;
            double cx = boxes[o] + ANCHORS[a][0];
            double cy = boxes[o + 1] + ANCHORS[a][1];
            double w = boxes[o + 2];
            double h = boxes[o + 3];
            double[] rightEye = {(boxes[o + 4] + ANCHORS[a][0]) * sx, (boxes[o + 5] + ANCHORS[a][1]) * sy};
            double[] leftEye = {(boxes[o + 6] + ANCHORS[a][0]) * sx, (boxes[o + 7] + ANCHORS[a][1]) * sy};
            candidates.add(new DetectedFace((cx - w / 2) * sx, (cy - h / 2) * sy, (cx + w / 2) * sx, (cy + h / 2) * sy,
                    rightEye, leftEye, score));
        }
        candidates.sort(Comparator.comparingDouble(DetectedFace::confidence).reversed());
        List<DetectedFace> kept = new ArrayList<>();
        for (DetectedFace c : candidates) {
            if (kept.stream().noneMatch(k -> k.iou(c) > maxOverlap)) {
                kept.add(c);
            }
        }
        return kept;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] c = new float[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static float[][] anchors() {
        List<float[]> anchors = new ArrayList<>();
        int[] strides = {16, 32};
        int[] perCell = {2, 6};
        for (int s = 0; s < strides.length; s++) {
            int grid = SIZE / strides[s];
            for (int y = 0; y < grid; y++) {
                for (int x = 0; x < grid; x++) {
                    for (int n = 0; n < perCell[s]; n++) {
                        anchors.add(new float[] {strides[s] * (x + 0.5f), strides[s] * (y + 0.5f)});
                    }
                }
            }
        }
        return anchors.toArray(new float[0][]);
    }
}
