package io.mercator.events;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Thai geography: the bounding box events are checked against, provinces and their regions. */
public final class Thailand {

    /** Latitude and longitude bounds of Thailand, with a small margin for coastal islands. */
    public static final double MIN_LAT = 5.5, MAX_LAT = 20.6, MIN_LON = 97.3, MAX_LON = 105.7;

    /** Regions used for "popular in your region" lists. */
    public enum Region { BANGKOK, CENTRAL, NORTH, NORTHEAST, EAST, WEST, SOUTH }

    /**
     * A province with the coordinates of its capital and a rough share of the marketplace's people.
     */
    public record Province(String name, Region region, double lat, double lon, double weight) {
    }

    public static final List<Province> PROVINCES = List.of(
            new Province("Bangkok", Region.BANGKOK, 13.7563, 100.5018, 20.0),
            new Province("Nonthaburi", Region.BANGKOK, 13.8621, 100.5144, 4.0),
            new Province("Pathum Thani", Region.BANGKOK, 14.0208, 100.5250, 3.5),
            new Province("Samut Prakan", Region.BANGKOK, 13.5991, 100.5998, 3.5),
            new Province("Nakhon Pathom", Region.CENTRAL, 13.8199, 100.0622, 2.0),
            new Province("Ayutthaya", Region.CENTRAL, 14.3532, 100.5689, 1.8),
            new Province("Lopburi", Region.CENTRAL, 14.7995, 100.6534, 1.2),
            new Province("Saraburi", Region.CENTRAL, 14.5289, 100.9101, 1.0),
            new Province("Suphan Buri", Region.CENTRAL, 14.4745, 100.1177, 1.0),
            new Province("Nakhon Sawan", Region.CENTRAL, 15.7047, 100.1372, 1.2),
            new Province("Chiang Mai", Region.NORTH, 18.7883, 98.9853, 4.0),
            new Province("Chiang Rai", Region.NORTH, 19.9105, 99.8406, 1.8),
            new Province("Lampang", Region.NORTH, 18.2888, 99.4909, 1.0),
            new Province("Phitsanulok", Region.NORTH, 16.8211, 100.2659, 1.2),
            new Province("Nan", Region.NORTH, 18.7756, 100.7730, 0.6),
            new Province("Khon Kaen", Region.NORTHEAST, 16.4322, 102.8236, 2.5),
            new Province("Nakhon Ratchasima", Region.NORTHEAST, 14.9799, 102.0978, 3.0),
            new Province("Udon Thani", Region.NORTHEAST, 17.4138, 102.7872, 2.0),
            new Province("Ubon Ratchathani", Region.NORTHEAST, 15.2287, 104.8564, 1.8),
            new Province("Buri Ram", Region.NORTHEAST, 14.9930, 103.1029, 1.2),
            new Province("Nong Khai", Region.NORTHEAST, 17.8783, 102.7420, 0.8),
            new Province("Sakon Nakhon", Region.NORTHEAST, 17.1546, 104.1348, 0.8),
            new Province("Chon Buri", Region.EAST, 13.3611, 100.9847, 4.0),
            new Province("Rayong", Region.EAST, 12.6814, 101.2816, 2.0),
            new Province("Chanthaburi", Region.EAST, 12.6114, 102.1039, 0.8),
            new Province("Prachin Buri", Region.EAST, 14.0509, 101.3717, 0.6),
            new Province("Kanchanaburi", Region.WEST, 14.0228, 99.5328, 1.0),
            new Province("Ratchaburi", Region.WEST, 13.5283, 99.8134, 1.0),
            new Province("Phetchaburi", Region.WEST, 13.1119, 99.9447, 0.7),
            new Province("Prachuap Khiri Khan", Region.WEST, 11.8124, 99.7973, 0.7),
            new Province("Phuket", Region.SOUTH, 7.8804, 98.3923, 2.0),
            new Province("Songkhla", Region.SOUTH, 7.1898, 100.5954, 2.0),
            new Province("Surat Thani", Region.SOUTH, 9.1382, 99.3215, 1.5),
            new Province("Nakhon Si Thammarat", Region.SOUTH, 8.4304, 99.9631, 1.5),
            new Province("Krabi", Region.SOUTH, 8.0863, 98.9063, 0.7),
            new Province("Trang", Region.SOUTH, 7.5645, 99.6239, 0.6),
            new Province("Pattani", Region.SOUTH, 6.8695, 101.2501, 0.5));

    private static final Map<String, Province> BY_NAME =
            PROVINCES.stream().collect(Collectors.toUnmodifiableMap(Province::name, Function.identity()));

    private Thailand() {
    }

    public static boolean contains(double lat, double lon) {
        return lat >= MIN_LAT && lat <= MAX_LAT && lon >= MIN_LON && lon <= MAX_LON;
    }

    public static Optional<Province> province(String name) {
        return Optional.ofNullable(name == null ? null : BY_NAME.get(name));
    }

    /** The province whose capital is nearest to a point; used to find a request's region. */
    public static Province nearestProvince(double lat, double lon) {
        Province best = PROVINCES.get(0);
        double bestKm = Double.MAX_VALUE;
        for (Province p : PROVINCES) {
            double km = Geo.haversineKm(lat, lon, p.lat(), p.lon());
            if (km < bestKm) {
                bestKm = km;
                best = p;
            }
        }
        return best;
    }
}
