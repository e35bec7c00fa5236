package io.mercator.ranking.selector;

import io.mercator.autoboost.BoostAgent;
import io.mercator.autoboost.Offer;
import io.mercator.autoboost.Placement;
import io.mercator.catalog.CatalogView;
import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.candidate.Candidate;
import io.mercator.ranking.pipeline.ComponentSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Fills each sponsored slot (1-based, 4 and 12 by default) that the response reaches. An admin
 * force-boost always wins a slot; otherwise the auto-boost agent chooses among the listings with a
 * live campaign, and reserves the impression's charge. The pool is the candidates that survived
 * every filter (distance included) and the fraud screen, so a sponsored item passes the same rules
 * as the organic ones; only candidates ranked <em>below</em> the slot compete for it, so a
 * sponsored item is never also shown above. A boosted item that earned a place above a slot
 * organically stays there, unmarked and uncharged. A slot with nothing eligible stays organic.
 *
 * <p>Runs after seller diversity on purpose: the slots are fixed positions that diversity must not
 * shift; at worst a sponsored item lengthens a seller's run by one.
 */
public final class SponsoredSlots implements Selector {

    public static final ComponentSpec SPEC = ComponentSpec.pureCode("sponsored-slots");

    private final List<Integer> slots;
    private final CatalogView catalog;
    private final BoostAgent agent;

    public SponsoredSlots(List<Integer> slots, CatalogView catalog, BoostAgent agent) {
        this.slots = List.copyOf(slots);
        this.catalog = catalog;
        this.agent = agent;
    }

    /** Boosted now: a live campaign (hydrated) or an admin force-boost (catalog); the scorer's boost term. */
    public static boolean isBoosted(Candidate c, CatalogView catalog) {
        return (c.features() != null && c.features().boostedNow()) || catalog.isForceBoosted(c.listingId());
    }

    @Override
    public List<Candidate> select(RankingQuery query, List<Candidate> candidates) {
        List<Candidate> out = new ArrayList<>(candidates);
        for (int slot : slots) {
            int at = slot - 1;
            if (at >= out.size() || slot > query.limit()) {
                break; // a slot the response does not reach is neither filled nor charged
            }
            int forced = firstBelow(out, at, true, null);
            if (forced >= 0) {
                out.add(at, out.remove(forced).asSponsored(null));
                continue;
            }
            Set<String> live = agent.ledger().boostedListingSet(query.nowMillis());
            List<Offer> offers = new ArrayList<>();
            for (int i = at; i < out.size(); i++) {
                Candidate c = out.get(i);
                if (!c.sponsored() && live.contains(c.listingId())) {
                    offers.add(new Offer(c.listingId(), c.pctr(), c.pcvr()));
                }
            }
            List<Placement> placed = agent.place(query.requestId(), query.nowMillis(), 1, offers);
            if (!placed.isEmpty()) {
                Placement p = placed.getFirst();
                out.add(at, out.remove(firstBelow(out, at, false, p.listingId())).asSponsored(p));
            }
        }
        return out;
    }

    /** Index of the first unsponsored candidate at or below {@code at}: force-boosted, or the given listing. */
    private int firstBelow(List<Candidate> out, int at, boolean forceBoosted, String listingId) {
        for (int i = at; i < out.size(); i++) {
            Candidate c = out.get(i);
            if (!c.sponsored() && (forceBoosted ? catalog.isForceBoosted(c.listingId()) : c.listingId().equals(listingId))) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }
}
