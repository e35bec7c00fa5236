package io.mercator.events;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The listing categories of the marketplace, with a typical price band used by the simulator and
 * by the fraud check's "far below the category median" signal.
 */
public final class Categories {

    /**
     * One category.
     *
     * @param slug        stable id used on the wire
     * @param nameEn      English name
     * @param nameTh      Thai name
     * @param medianPrice typical asking price in THB
     * @param priceSpread log-normal sigma of asking prices
     */
    public record Category(String slug, String nameEn, String nameTh, double medianPrice, double priceSpread) {
    }

    public static final List<Category> ALL = List.of(
            new Category("mobile-phones", "Mobile phones", "โทรศัพท์มือถือ", 6500, 0.7),
            new Category("computers", "Computers & laptops", "คอมพิวเตอร์และโน้ตบุ๊ก", 12000, 0.7),
            new Category("cameras", "Cameras", "กล้องถ่ายรูป", 9000, 0.8),
            new Category("audio", "Audio & headphones", "เครื่องเสียงและหูฟัง", 2500, 0.8),
            new Category("gaming", "Games & consoles", "เกมและคอนโซล", 3500, 0.8),
            new Category("appliances", "Home appliances", "เครื่องใช้ไฟฟ้า", 3000, 0.8),
            new Category("furniture", "Furniture", "เฟอร์นิเจอร์", 2800, 0.9),
            new Category("home-decor", "Home decor", "ของแต่งบ้าน", 600, 0.9),
            new Category("womens-fashion", "Women's fashion", "เสื้อผ้าผู้หญิง", 350, 0.7),
            new Category("mens-fashion", "Men's fashion", "เสื้อผ้าผู้ชาย", 400, 0.7),
            new Category("shoes", "Shoes", "รองเท้า", 900, 0.8),
            new Category("bags", "Bags & luxury", "กระเป๋าและแบรนด์เนม", 4500, 1.1),
            new Category("watches", "Watches", "นาฬิกา", 3500, 1.1),
            new Category("amulets", "Amulets & collectibles", "พระเครื่องและของสะสม", 1500, 1.3),
            new Category("baby-kids", "Baby & kids", "แม่และเด็ก", 450, 0.8),
            new Category("books", "Books", "หนังสือ", 180, 0.6),
            new Category("sports", "Sports & outdoors", "กีฬาและกิจกรรมกลางแจ้ง", 1500, 0.9),
            new Category("bicycles", "Bicycles", "จักรยาน", 4500, 0.8),
            new Category("motorcycles", "Motorcycles", "มอเตอร์ไซค์", 28000, 0.6),
            new Category("car-parts", "Car parts & accessories", "อะไหล่และอุปกรณ์รถยนต์", 1800, 1.0),
            new Category("musical-instruments", "Musical instruments", "เครื่องดนตรี", 3500, 0.9),
            new Category("beauty", "Beauty & cosmetics", "ความงามและเครื่องสำอาง", 300, 0.7),
            new Category("pets", "Pet supplies", "อุปกรณ์สัตว์เลี้ยง", 400, 0.8),
            new Category("plants-garden", "Plants & garden", "ต้นไม้และสวน", 250, 1.0));

    private static final Map<String, Category> BY_SLUG =
            ALL.stream().collect(Collectors.toUnmodifiableMap(Category::slug, Function.identity()));

    private Categories() {
    }

    public static boolean exists(String slug) {
        return slug != null && BY_SLUG.containsKey(slug);
    }

    /** The category with this slug; throws for an unknown slug. */
    public static Category bySlug(String slug) {
        Category c = BY_SLUG.get(slug);
        if (c == null) {
            throw new IllegalArgumentException("unknown category: " + slug);
        }
        return c;
    }
}
