package io.mercator.vision.duplicates;

import io.mercator.events.Event;
import io.mercator.events.log.LogRecord;
import io.mercator.events.payload.ListingPayload;
import io.mercator.events.projection.Projection;
import io.vertx.core.Future;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The near-duplicate index as a projection of {@code listing.photo_analyzed}: every analysed photo's
 * fingerprint (its hashes and quantised embedding, never the photo), so a replay rebuilds it and a
 * redelivered event changes nothing.
 */
public final class PhotoIndexProjection implements Projection {

    private final NearDuplicateIndex index;

    public PhotoIndexProjection(NearDuplicateIndex index) {
        this.index = index;
    }

    @Override
    public String id() {
        return "photo-index";
    }

    public NearDuplicateIndex index() {
        return index;
    }

    @Override
    public Future<Void> apply(List<LogRecord> batch) {
        for (LogRecord r : batch) {
            Event e = r.event();
            if (e.data() instanceof ListingPayload.PhotoAnalyzed p && !p.hashes().isEmpty()) {
                long[] hashes = new long[p.hashes().size()];
                for (int i = 0; i < hashes.length; i++) {
                    hashes[i] = HexFormat.fromHexDigitsToLong(p.hashes().get(i));
                }
                byte[] embedding = p.embedding() == null || p.embedding().isEmpty() ? new byte[0] : Base64.getDecoder().decode(p.embedding());
                index.add(new NearDuplicateIndex.Photo(e.key() + "/" + p.photoId(), e.key(), p.sellerId(),
                        new PhotoFingerprint(hashes, embedding)));
            }
        }
        return Future.succeededFuture();
    }
}
