package io.mercator.ranking.selector;

import io.mercator.catalog.CatalogView;
import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.candidate.Candidate;
import io.mercator.ranking.pipeline.ComponentSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts a boosted listing (a live paid campaign, or an admin force-boost) into each sponsored slot
 * (1-based, 4 and 12 by default). The pool is the candidates that survived every filter and the
 * fraud screen, so a sponsored item passes the same rules as the organic ones; the best-scored
 * boosted candidate ranked <em>below</em> the slot moves up into it, so it is never already shown
 * above. A boosted item that earned a place above a slot organically stays there, unmarked. A
 * slot the list does not reach, or with no boosted candidate left, stays organic.
 *
 * <p>Runs after seller diversity on purpose: the slots are fixed positions that diversity must not
 * shift; at worst a sponsored item lengthens a seller's run by one.
 */
public final class SponsoredSlots implements Selector {

    public static final ComponentSpec SPEC = ComponentSpec.pureCode("sponsored-slots");

    private final List<Integer> slots;
    private final CatalogView catalog;

    public SponsoredSlots(List<Integer> slots, CatalogView catalog) {
        this.slots = List.copyOf(slots);
        this.catalog = catalog;
    }

    /** Boosted now: a live campaign (hydrated) or an admin force-boost (catalog). */
    public static boolean isBoosted(Candidate c, CatalogView catalog) {
        return (c.features() != null && c.features().boostedNow()) || catalog.isForceBoosted(c.listingId());
    }

    @Override
    public List<Candidate> select(RankingQuery query, List<Candidate> candidates) {
        List<Candidate> out = new ArrayList<>(candidates);
        for (int slot : slots) {
            int at = slot - 1;
            if (at >= out.size()) {
                break;
            }
            for (int i = at; i < out.size(); i++) {
                Candidate c = out.get(i);
                if (!c.sponsored() && isBoosted(c, catalog)) {
                    out.remove(i);
                    out.add(at, c.asSponsored());
                    break;
                }
            }
        }
        return out;
    }

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }
}
