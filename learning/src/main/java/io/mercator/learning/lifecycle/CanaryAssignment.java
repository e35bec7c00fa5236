package io.mercator.learning.lifecycle;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which buyers see the canary: the first 8 bytes of SHA-256 of the user id, as an unsigned number
 * modulo 10,000, below {@code percent * 100}. The same buyer always lands on the same side (every
 * instance, every restart, any JVM: {@code String.hashCode} would do too but clusters similar ids),
 * so a buyer's experience is consistent and the CTR comparison is between two fixed groups.
 * Anonymous visitors (no user id) always get production.
 *
 * @param percent share of buyers in the canary, 0..100 (0.01 steps)
 */
public record CanaryAssignment(double percent) {

    public CanaryAssignment {
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("canary percent must be within 0..100: " + percent);
        }
    }

    public boolean inCanary(String userId) {
        if (userId == null || userId.isEmpty()) {
            return false;
        }
        return bucket(userId) < Math.round(percent * 100);
    }

    /** The buyer's bucket, 0..9999. */
    static long bucket(String userId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(userId.getBytes(StandardCharsets.UTF_8));
            return Long.remainderUnsigned(ByteBuffer.wrap(digest).getLong(), 10_000);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
