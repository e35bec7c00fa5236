package io.mercator.service.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * API keys by label, kept only as SHA-256 digests. A presented key is compared with every known
 * digest in constant time (each comparison the same length, all of them made), so the answer's
 * timing says nothing about which key, or how much of one, matched. Keys are never logged or
 * echoed; the label stands for a key wherever one must be named (logs, audit events).
 *
 * @param <T> what a key grants (a role, or nothing more than being a client)
 */
public final class KeyRing<T> {

    /** Shortest key accepted: 16 characters. */
    public static final int MIN_KEY_LENGTH = 16;

    /**
     * Who presented a valid key.
     *
     * @param label the key's label
     * @param grant what the key grants
     */
    public record Holder<T>(String label, T grant) {
    }

    private record Entry<T>(byte[] digest, Holder<T> holder) {
    }

    private final List<Entry<T>> entries = new ArrayList<>();
    private final Set<String> labels = new HashSet<>();

    /** Adds a key; refuses a short key or a label already used (the message names the label, not the key). */
    public KeyRing<T> add(String label, String key, T grant) {
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("every key needs a label");
        }
        if (key == null || key.length() < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException("key '" + label + "' must be at least " + MIN_KEY_LENGTH + " characters");
        }
        if (!labels.add(label)) {
            throw new IllegalArgumentException("two keys are labelled '" + label + "'");
        }
        entries.add(new Entry<>(sha256(key), new Holder<>(label, grant)));
        return this;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The labels and grants, in the order added; never the keys. */
    public List<Holder<T>> holders() {
        return entries.stream().map(Entry::holder).toList();
    }

    /** Who holds the presented key, if anyone. */
    public Optional<Holder<T>> holderOf(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        byte[] digest = sha256(presented);
        Holder<T> found = null;
        for (Entry<T> e : entries) {
            if (MessageDigest.isEqual(digest, e.digest()) && found == null) {
                found = e.holder();
            }
        }
        return Optional.ofNullable(found);
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
