package io.mercator.vision.face;

/**
 * A face BlazeFace found, in the photo's pixels.
 *
 * @param left       the box's left edge
 * @param top        the box's top edge
 * @param right      the box's right edge
 * @param bottom     the box's bottom edge
 * @param rightEye   the subject's right eye (on the viewer's left), {x, y}
 * @param leftEye    the subject's left eye, {x, y}
 * @param confidence the detector's score, 0..1
 */
public record DetectedFace(double left, double top, double right, double bottom, double[] rightEye, double[] leftEye,
                           double confidence) {

    public double width() {
        return right - left;
    }

    public double height() {
        return bottom - top;
    }

    /** Intersection over union of two boxes. */
    double iou(DetectedFace o) {
        double w = Math.min(right, o.right) - Math.max(left, o.left);
        double h = Math.min(bottom, o.bottom) - Math.max(top, o.top);
        if (w <= 0 || h <= 0) {
            return 0;
        }
        double inter = w * h;
        return inter / (width() * height() + o.width() * o.height() - inter);
    }
}
