package io.mercator.learning.registry;

import io.mercator.learning.TrainingSet;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A SHA-256 fingerprint of the training rows a model saw: per row in set order, its request,
 * listing, time, labels and feature bits. Two trainings with the same hash learnt from the same
 * data, which is what tells a code change from a data change when two versions differ.
 */
public final class TrainingDataHash {

    private TrainingDataHash() {
    }

    /** The hash of the rows with {@code from <= ts < until}. */
    public static String of(TrainingSet set, long from, long until) {
        MessageDigest sha = sha256();
        ByteBuffer buf = ByteBuffer.allocate(8 + 1 + 4 * set.width());
        float[] features = new float[set.width()];
        for (int i = 0; i < set.size(); i++) {
            long ts = set.ts(i);
            if (ts < from || ts >= until) {
                continue;
            }
            sha.update(set.requestId(i).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(set.listingId(i).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            buf.clear();
            buf.putLong(ts).put((byte) set.grade(i));
            set.copyFeatures(i, features, 0);
            for (float f : features) {
                buf.putInt(Float.floatToIntBits(f));
            }
            sha.update(buf.array(), 0, buf.position());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
