package io.mercator.nlp.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** A stratified, seeded split of labelled rows into training and held-out parts. */
public record Splits(List<LabelledText> train, List<LabelledText> heldOut) {

    /** The seed every text model's split uses, so a card's held-out rows can be rebuilt. */
    public static final long SEED = 20_261_206L;

    /** Holds out {@code fraction} of each label's rows, chosen at random with {@link #SEED}. */
    public static Splits stratified(List<LabelledText> rows, double fraction) {
        Map<String, List<LabelledText>> byLabel = new LinkedHashMap<>();
        rows.forEach(r -> byLabel.computeIfAbsent(r.label(), k -> new ArrayList<>()).add(r));
        List<LabelledText> train = new ArrayList<>();
        List<LabelledText> heldOut = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(SEED);
        byLabel.keySet().stream().sorted(Comparator.naturalOrder()).forEach(label -> {
            List<LabelledText> group = new ArrayList<>(byLabel.get(label));
            for (int i = group.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                LabelledText t = group.get(i);
                group.set(i, group.get(j));
                group.set(j, t);
            }
            int cut = (int) Math.round(group.size() * fraction);
            heldOut.addAll(group.subList(0, cut));
            train.addAll(group.subList(cut, group.size()));
        });
        return new Splits(List.copyOf(train), List.copyOf(heldOut));
    }
}
