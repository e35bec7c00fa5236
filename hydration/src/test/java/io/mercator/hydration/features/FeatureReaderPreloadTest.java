package io.mercator.hydration.features;

import io.mercator.hydration.store.DelegatingStore;
import io.mercator.hydration.store.InProcessOnlineStore;
import io.mercator.hydration.store.StoreWrite;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FeatureReaderPreloadTest {

    private final InProcessOnlineStore embedded = new InProcessOnlineStore(Clock.systemUTC());

    /** The embedded store that records the size of each decoded read and says what it is told. */
    private final class Recording extends DelegatingStore {
        final List<Integer> decodedReads = new ArrayList<>();
        final boolean keeps;

        Recording(boolean keeps) {
            super(embedded);
            this.keeps = keeps;
        }

        @Override
        public boolean keepsDecodedRows() {
            return keeps;
        }

        @Override
        public <T> Future<List<T>> readDecoded(List<String> keys, Function<Map<String, String>, T> decoder) {
            decodedReads.add(keys.size());
            return embedded.readDecoded(keys, decoder);
        }
    }

    private static List<String> ids(int n) {
        return IntStream.range(0, n).mapToObj(i -> "L" + i).toList();
    }

    @Test
    void decodesEveryRowInChunksWhereTheStoreKeepsThem() {
        List<StoreWrite> rows = new ArrayList<>();
        for (String id : ids(2_500)) {
            rows.add(new StoreWrite.SetFields(FeatureKeys.listing(id), Map.of(FeatureKeys.PRICE, "100")));
        }
        embedded.write(rows).await();
        Recording store = new Recording(embedded.keepsDecodedRows());

        int decoded = new FeatureReader(store).preloadProducts(ids(2_500), 1_000).await();

        assertThat(decoded).isEqualTo(2_500);
        assertThat(store.decodedReads).containsExactly(1_000, 1_000, 500);
        assertThat(new FeatureReader(store).products(List.of("L2499"), 0).await().get(0).price()).isEqualTo(100);
    }

    @Test
    void readsNothingFromAStoreThatKeepsNothing() {
        Recording store = new Recording(false);

        assertThat(new FeatureReader(store).preloadProducts(ids(10), 4).await()).isZero();
        assertThat(store.decodedReads).isEmpty();
        assertThatThrownBy(() -> new FeatureReader(store).preloadProducts(ids(10), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
