package io.mercator.service;

import io.mercator.vision.face.DetectedFace;
import io.mercator.vision.face.FaceAnalyzer;
import io.mercator.vision.face.FaceDetector;
import io.mercator.vision.face.FaceEvaluation;
import io.mercator.vision.face.FaceMatcher;
import io.mercator.vision.face.FaceModels;
import io.mercator.vision.face.FaceSamples;
import io.mercator.vision.image.ImageDecoder;
import io.mercator.vision.image.JpegEncoder;
import io.mercator.vision.model.ModelFiles;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Photos for identity checks, from the test faces (a group photo of five people): person A's ID
 * photo (the region around the face) and selfie (cut again, turned 6 degrees, 20% lighter,
 * re-compressed), person B's selfie, the group photo itself, and A's selfie embedding as the
 * service computes it.
 */
record EkycPhotos(byte[] group, byte[] idA, byte[] selfieA, byte[] selfieB, float[] selfieAEmbedding) {

    static EkycPhotos make() throws Exception {
        byte[] group = Files.readAllBytes(FaceSamples.dir().resolve("sample5.jpg"));
        try (FaceModels models = FaceModels.load(ModelFiles.modelsDir())) {
            FaceAnalyzer faces = new FaceAnalyzer(models, new FaceDetector(models));
            ImageDecoder decoder = new ImageDecoder(FaceMatcher.LIMITS);
            BufferedImage photo = decoder.decode(group).rgb();
            List<DetectedFace> found = faces.detect(photo);
            assertThat(found).as("faces in the group photo").hasSize(5);
            DetectedFace a = found.get(0);
            DetectedFace b = found.get(1);
            byte[] idA = JpegEncoder.encode(FaceEvaluation.cut(photo, a, 3.0, 0, 0, 0, 1.0), 0.9f);
            byte[] selfieA = JpegEncoder.encode(FaceEvaluation.cut(photo, a, 3.4, 0.1, -0.08, Math.toRadians(6), 1.2), 0.75f);
            byte[] selfieB = JpegEncoder.encode(FaceEvaluation.cut(photo, b, 3.4, 0.1, -0.08, Math.toRadians(6), 1.2), 0.75f);
            BufferedImage selfie = decoder.decode(selfieA).rgb();
            float[] embedding = faces.read(selfie, faces.detect(selfie).getFirst(), false).embedding();
            return new EkycPhotos(group, idA, selfieA, selfieB, embedding);
        }
    }

    /** A multipart form to {@code path}: byte fields as files, except {@code seller_id}, a text field. */
    static HttpResponse<String> post(RunningMercator app, String path, Map<String, byte[]> fields) throws Exception {
        String boundary = "mercator" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> f : fields.entrySet()) {
            if (f.getKey().equals("seller_id")) {
                out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"seller_id\"\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"; filename=\""
                        + f.getKey() + ".jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            out.write(f.getValue());
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return app.post(path, "multipart/form-data; boundary=" + boundary, HttpRequest.BodyPublishers.ofByteArray(out.toByteArray()));
    }
}
