package io.mercator.bench;

import io.mercator.vision.face.DetectedFace;
import io.mercator.vision.face.FaceDetector;
import io.mercator.vision.face.FaceEvaluation;
import io.mercator.vision.face.FaceMatcher;
import io.mercator.vision.face.FaceModels;
import io.mercator.vision.image.ImageDecoder;
import io.mercator.vision.image.JpegEncoder;
import io.vertx.core.buffer.Buffer;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Identity checks for the bench: faces found in the test photos (scripts/models.sh --reference
 * installs them), each as an ID photo (the region around the face) and a selfie (cut again, turned
 * and lit differently), both scaled to 1024x1024 (one megapixel) and JPEG-encoded, as multipart bodies.
 */
final class EkycPairs {

    private EkycPairs() {
    }

    static List<Buffer> multipartBodies(Path faces, String boundary, int count) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(faces)) {
            files = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IOException("no face photos in " + faces + ": scripts/models.sh --reference installs them");
        }
        ImageDecoder decoder = new ImageDecoder(FaceMatcher.LIMITS);
        List<Buffer> out = new ArrayList<>();
        try (FaceModels models = FaceModels.load(faces.getParent())) {
            FaceDetector detector = new FaceDetector(models);
            for (Path f : files) {
                BufferedImage photo = decoder.decode(Files.readAllBytes(f)).rgb();
                for (DetectedFace face : detector.detect(photo)) {
                    if (out.size() == count) {
                        return out;
                    }
                    byte[] id = JpegEncoder.encode(megapixel(FaceEvaluation.cut(photo, face, 3.0, 0, 0, 0, 1.0)), 0.9f);
                    byte[] selfie = JpegEncoder.encode(megapixel(FaceEvaluation.cut(photo, face, 3.4, 0.1, -0.08, Math.toRadians(6), 1.2)), 0.85f);
                    out.add(body(boundary, id, selfie));
                }
            }
        }
        return out;
    }

    private static BufferedImage megapixel(BufferedImage image) {
        BufferedImage big = new BufferedImage(1024, 1024, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = big.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, 1024, 1024, null);
        g.dispose();
        return big;
    }

    private static Buffer body(String boundary, byte[] id, byte[] selfie) {
        Buffer b = Buffer.buffer();
        for (String field : List.of("id_photo", "selfie")) {
            b.appendString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + field
                    + ".jpg\"\r\nContent-Type: image/jpeg\r\n\r\n", StandardCharsets.US_ASCII.name());
            b.appendBytes(field.equals("id_photo") ? id : selfie).appendString("\r\n");
        }
        return b.appendString("--" + boundary + "--\r\n");
    }
}
