package io.mercator.ranking.selector;

import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.candidate.Candidate;
import io.mercator.ranking.pipeline.ComponentSpec;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Objects;

/**
 * No more than {@code maxRun} items of one seller in a row; otherwise score order is kept. A
 * greedy pass: an item that would extend a run past the limit is deferred and placed at the first
 * slot where it no longer does, ahead of anything ranked below it. When only one seller's items
 * are left, they go last in order rather than being dropped.
 */
public final class SellerDiversity implements Selector {

    public static final ComponentSpec SPEC = ComponentSpec.pureCode("seller-diversity");

    private final int maxRun;

    public SellerDiversity(int maxRun) {
        this.maxRun = maxRun;
    }

    @Override
    public List<Candidate> select(RankingQuery query, List<Candidate> candidates) {
        List<Candidate> out = new ArrayList<>(candidates.size());
        LinkedList<Candidate> deferred = new LinkedList<>();
        int next = 0;
        String runSeller = null;
        int run = 0;
        while (out.size() < candidates.size()) {
            Candidate pick = null;
            // deferred items outrank everything not yet looked at, so they go first when allowed
            for (Iterator<Candidate> it = deferred.iterator(); it.hasNext(); ) {
                Candidate d = it.next();
                if (!Objects.equals(d.sellerId(), runSeller) || run < maxRun) {
                    pick = d;
                    it.remove();
                    break;
                }
            }
            while (pick == null && next < candidates.size()) {
                Candidate c = candidates.get(next++);
                if (Objects.equals(c.sellerId(), runSeller) && run >= maxRun) {
                    deferred.add(c);
                } else {
                    pick = c;
                }
            }
            if (pick == null) {
                pick = deferred.removeFirst();
            }
            if (Objects.equals(pick.sellerId(), runSeller)) {
                run++;
            } else {
                runSeller = pick.sellerId();
                run = 1;
            }
            out.add(pick);
        }
        return out;
    }

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }
}
