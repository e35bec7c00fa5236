package io.mercator.vision.duplicates;

import io.mercator.vision.image.DecodedImage;
import io.mercator.vision.image.ImageDecoder;
import io.mercator.vision.image.Luma;
import io.mercator.vision.image.TestImages;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.awt.image.RescaleOp;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NearDuplicateIndexTest {

    private final ImageDecoder decoder = new ImageDecoder();

    private PhotoFingerprint fingerprint(byte[] bytes) {
        DecodedImage d = decoder.decode(bytes);
        return PhotoFingerprint.of(Luma.of(d), null);
    }

    @Test
    void findsResizedRecompressedCroppedAndBrightenedCopiesOfAnotherSellersPhoto() {
        NearDuplicateIndex index = new NearDuplicateIndex();
        for (int i = 0; i < 50; i++) {
            BufferedImage scene = TestImages.scene(900, 700, 100 + i);
            index.add(new NearDuplicateIndex.Photo("p" + i, "l" + i, "s" + i, fingerprint(TestImages.jpeg(scene, 0.9f))));
        }
        BufferedImage original = TestImages.scene(900, 700, 117);
        List<byte[]> copies = List.of(
                TestImages.jpeg(resized(original, 450, 350), 0.6f),
                TestImages.png(original.getSubimage(45, 35, 810, 630)),
                TestImages.jpeg(new RescaleOp(1.25f, 0, null).filter(original, null), 0.85f),
                // cut on one side or at a corner, by the hashes of the original's one-sided and corner crops
                TestImages.jpeg(original.getSubimage(0, 0, 828, 700), 0.85f),
                TestImages.jpeg(original.getSubimage(0, 70, 900, 630), 0.85f),
                TestImages.jpeg(original.getSubimage(63, 49, 837, 651), 0.85f));
        for (byte[] copy : copies) {
            List<NearDuplicateIndex.Match> matches = index.near(fingerprint(copy), "thief-listing", "thief", 5);
            assertThat(matches).extracting(NearDuplicateIndex.Match::listingId).containsExactly("l17");
            assertThat(matches.getFirst().sameSeller()).isFalse();
        }
    }

    @Test
    void aDifferentPhotoFindsNothingAndAPhotoIsNotItsOwnDuplicate() {
        NearDuplicateIndex index = new NearDuplicateIndex();
        PhotoFingerprint f = fingerprint(TestImages.jpeg(TestImages.scene(800, 600, 1), 0.9f));
        index.add(new NearDuplicateIndex.Photo("p1", "l1", "s1", f));
        index.add(new NearDuplicateIndex.Photo("p1", "l1", "s1", f)); // redelivered: kept once
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.near(fingerprint(TestImages.jpeg(TestImages.scene(800, 600, 2), 0.9f)), "l2", "s2", 5)).isEmpty();
        assertThat(index.near(f, "l1", "s1", 5)).as("the listing's own photo").isEmpty();
        assertThat(index.near(f, "l9", "s1", 5)).singleElement().satisfies(m -> assertThat(m.sameSeller()).isTrue());
    }

    @Test
    void aFingerprintRecordedWithFewerCropsStillMeetsItsCopies() {
        BufferedImage original = TestImages.scene(900, 700, 5);
        PhotoFingerprint now = fingerprint(TestImages.jpeg(original, 0.9f));
        // as recorded with an earlier crop set: the whole photo and two centre crops
        PhotoFingerprint before = new PhotoFingerprint(java.util.Arrays.copyOf(now.hashes(), 3), null);
        PhotoFingerprint copy = fingerprint(TestImages.jpeg(resized(original, 450, 350), 0.7f));
        assertThat(copy.hashDistance(before)).isLessThanOrEqualTo(8);
        assertThat(before.hashDistance(copy)).isEqualTo(copy.hashDistance(before));
    }

    @Test
    void embeddingsMatchByCosineAsTheFingerprintsReckonIt() {
        NearDuplicateIndex index = new NearDuplicateIndex(new NearDuplicateIndex.Rule(0, 0.9));
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        long[] unrelated = {r.nextLong()};
        // a photo without an embedding first, then more than the first allocation holds
        index.add(new NearDuplicateIndex.Photo("none", "l-none", "s1", new PhotoFingerprint(new long[] {r.nextLong()}, null)));
        byte[][] embeddings = new byte[1500][];
        for (int i = 0; i < embeddings.length; i++) {
            embeddings[i] = new byte[64];
            for (int k = 0; k < 64; k++) {
                embeddings[i][k] = (byte) (r.nextInt(255) - 127);
            }
            index.add(new NearDuplicateIndex.Photo("p" + i, "l" + i, "s" + i, new PhotoFingerprint(new long[] {r.nextLong()}, embeddings[i])));
        }
        byte[] near = embeddings[1234].clone();
        near[0] = (byte) (near[0] / 2);
        PhotoFingerprint query = new PhotoFingerprint(unrelated, near);
        double expected = query.cosine(new PhotoFingerprint(unrelated, embeddings[1234]));
        assertThat(expected).isBetween(0.9, 1.0);
        assertThat(index.near(query, "asking", "s-asking", 5)).singleElement().satisfies(m -> {
            assertThat(m.listingId()).isEqualTo("l1234");
            assertThat(m.similarity()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
        });
        // the photo replaced by a redelivery with another embedding is found by the new one only
        index.add(new NearDuplicateIndex.Photo("p1234", "l1234", "s1234", new PhotoFingerprint(new long[] {r.nextLong()}, embeddings[7])));
        assertThat(index.near(query, "asking", "s-asking", 5)).isEmpty();
        assertThat(index.near(new PhotoFingerprint(unrelated, embeddings[7]), "asking", "s-asking", 5))
                .extracting(NearDuplicateIndex.Match::listingId).containsExactlyInAnyOrder("l7", "l1234");
        assertThat(index.near(new PhotoFingerprint(unrelated, new byte[32]), "asking", "s-asking", 5))
                .as("an embedding of another length compares by hash only").isEmpty();
    }

    private static BufferedImage resized(BufferedImage image, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.createGraphics().drawImage(image, 0, 0, w, h, null);
        return out;
    }
}
