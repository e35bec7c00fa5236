package io.mercator.service.vision;

import io.mercator.events.Event;
import io.mercator.events.log.EventLog;
import io.mercator.events.payload.SellerPayload;
import io.mercator.vision.face.FaceMatch;
import io.mercator.vision.service.FaceJson;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Records an identity check, and nothing of the faces but a salted hash: the selfie's quantised
 * embedding is hashed with a secret salt (SHA-256), then dropped from the answer. The check becomes
 * {@code seller.kyc_checked} (hash, scores, decision, reasons); a {@code match} also becomes
 * {@code seller.verified} (method {@code ekyc}), which the trust score reads. The same check sent
 * twice (the same selfie and decision) is recorded once: its event id is made of them.
 */
final class KycRecorder {

    private final EventLog log;
    private final byte[] salt;

    KycRecorder(EventLog log, byte[] salt) {
        this.log = log;
        this.salt = salt.clone();
    }

    /** The salt from {@code file}, made (32 random bytes, owner-only) when it does not exist yet. */
    static byte[] salt(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "kyc-salt", ".tmp");
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // a filesystem without POSIX permissions keeps its own
                }
                Files.write(tmp, fresh);
                Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            byte[] s = Files.readAllBytes(file);
            if (s.length < 16) {
                throw new IllegalStateException("the eKYC salt file " + file + " holds fewer than 16 bytes");
            }
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("the eKYC salt file " + file + " cannot be read or made", e);
        }
    }

    /** Hashes and drops the selfie's code, appends the events, and answers with what is left. */
    Future<JsonObject> record(JsonObject answer, String sellerId) {
        String code = (String) answer.remove(FaceJson.SELFIE_CODE);
        String faceHash = code == null ? "none" : hash(Base64.getDecoder().decode(code));
        String decision = answer.getString("decision");
        List<String> reasons = answer.getJsonArray("reasons").stream().map(Object::toString).toList();
        long now = System.currentTimeMillis();
        List<Event> events = new ArrayList<>(2);
        String checkId = "kyc-" + sellerId + "-" + faceHash.substring(0, Math.min(16, faceHash.length())) + "-" + decision;
        events.add(Event.of(checkId, now, sellerId, new SellerPayload.KycChecked(faceHash, orZero(answer.getDouble("face_match_score")),
                orZero(answer.getDouble("liveness_prob")), decision, reasons, answer.getString("model_version"))));
        if (FaceMatch.MATCH.equals(decision)) {
            events.add(Event.of("verified-ekyc-" + sellerId, now, sellerId, new SellerPayload.Verified("ekyc")));
        }
        return log.append(events).map(ack -> answer.put("seller_verified", FaceMatch.MATCH.equals(decision)));
    }

    /** A score the check could not compute (no single face) is recorded as 0; its reasons say why. */
    private static double orZero(Double v) {
        return v == null ? 0 : v;
    }

    private String hash(byte[] code) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            sha.update(code);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
