package io.mercator.simulator;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A set of listing indexes with constant-time add, remove and uniform sampling, used for the
 * candidate pools (per category, per province, all, boosted).
 *
 * <p>Pools of one family (say, the per-category pools) share one position array because a listing
 * is in at most one pool of a family; that keeps memory linear in the number of listings.
 */
final class LivePool {

    private final int[] position;
    private int[] items = new int[64];
    private int size;

    /** @param position shared slot index per listing, -1 when the listing is in no pool of the family */
    LivePool(int[] position) {
        this.position = position;
    }

    static int[] positions(int listings) {
        int[] p = new int[listings];
        Arrays.fill(p, -1);
        return p;
    }

    void add(int listing) {
        if (position[listing] >= 0) {
            return;
        }
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size] = listing;
        position[listing] = size++;
    }

    void remove(int listing) {
        int p = position[listing];
        if (p < 0) {
            return;
        }
        int last = items[--size];
        items[p] = last;
        position[last] = p;
        position[listing] = -1;
    }

    boolean contains(int listing) {
        return position[listing] >= 0;
    }

    /** A uniformly drawn member, or -1 when empty. */
    int sample(RandomGenerator rng) {
        return size == 0 ? -1 : items[rng.nextInt(size)];
    }

    int size() {
        return size;
    }
}
