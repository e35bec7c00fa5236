package io.mercator.simulator;

import io.mercator.events.Categories;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The words listings and searches are made of: for every category of {@link Categories#ALL}, the
 * items people sell (brand and model, with the Thai way of writing them), spec variants, and the
 * extra selling points sellers add, in English and Thai.
 *
 * <p>Titles follow what Thai marketplace titles look like: Thai titles keep brand and model in
 * Latin script and add Thai condition phrases ("iPhone 13 Pro 256GB สภาพดี ประกันเหลือ");
 * English titles read "Sony WH-1000XM4 headphones, like new".
 */
final class Vocabulary {

    /** A phrase in both languages; written {@code "english|thai"} in the tables, or once when equal. */
    record Phrase(String en, String th) {
        static Phrase parse(String s) {
            int bar = s.indexOf('|');
            return bar < 0 ? new Phrase(s, s) : new Phrase(s.substring(0, bar), s.substring(bar + 1));
        }

        String in(boolean thai) {
            return thai ? th : en;
        }
    }

    /**
     * The words of one category.
     *
     * @param popularity relative share of listings and of buyers' favourites
     */
    record CategoryWords(String slug, double popularity, List<Phrase> items, List<Phrase> specs,
                         List<String> extrasEn, List<String> extrasTh) {
    }

    /** Aligned with {@link Categories#ALL}: index i describes category i. */
    static final List<CategoryWords> CATEGORIES;

    /** Pressure phrases typical of advance-payment scams; they make scam listings readable as such. */
    private static final List<String> SCAM_EN = List.of(
            "Urgent sale, bank transfer first only", "Price is final, pay before shipping, no meet-up",
            "Cheapest in Thailand, transfer deposit to reserve");
    private static final List<String> SCAM_TH = List.of(
            "ขายด่วน โอนก่อนส่งเท่านั้น", "ราคานี้โอนก่อน ไม่รับนัดรับ", "ถูกที่สุด โอนมัดจำก่อนจอง");

    private static final Map<String, String> PROVINCE_TH = Map.ofEntries(
            Map.entry("Bangkok", "กรุงเทพฯ"), Map.entry("Nonthaburi", "นนทบุรี"),
            Map.entry("Pathum Thani", "ปทุมธานี"), Map.entry("Samut Prakan", "สมุทรปราการ"),
            Map.entry("Nakhon Pathom", "นครปฐม"), Map.entry("Ayutthaya", "อยุธยา"),
            Map.entry("Lopburi", "ลพบุรี"), Map.entry("Saraburi", "สระบุรี"),
            Map.entry("Suphan Buri", "สุพรรณบุรี"), Map.entry("Nakhon Sawan", "นครสวรรค์"),
            Map.entry("Chiang Mai", "เชียงใหม่"), Map.entry("Chiang Rai", "เชียงราย"),
            Map.entry("Lampang", "ลำปาง"), Map.entry("Phitsanulok", "พิษณุโลก"), Map.entry("Nan", "น่าน"),
            Map.entry("Khon Kaen", "ขอนแก่น"), Map.entry("Nakhon Ratchasima", "นครราชสีมา"),
            Map.entry("Udon Thani", "อุดรธานี"), Map.entry("Ubon Ratchathani", "อุบลราชธานี"),
            Map.entry("Buri Ram", "บุรีรัมย์"), Map.entry("Nong Khai", "หนองคาย"),
            Map.entry("Sakon Nakhon", "สกลนคร"), Map.entry("Chon Buri", "ชลบุรี"), Map.entry("Rayong", "ระยอง"),
            Map.entry("Chanthaburi", "จันทบุรี"), Map.entry("Prachin Buri", "ปราจีนบุรี"),
            Map.entry("Kanchanaburi", "กาญจนบุรี"), Map.entry("Ratchaburi", "ราชบุรี"),
            Map.entry("Phetchaburi", "เพชรบุรี"), Map.entry("Prachuap Khiri Khan", "ประจวบคีรีขันธ์"),
            Map.entry("Phuket", "ภูเก็ต"), Map.entry("Songkhla", "สงขลา"), Map.entry("Surat Thani", "สุราษฎร์ธานี"),
            Map.entry("Nakhon Si Thammarat", "นครศรีธรรมราช"), Map.entry("Krabi", "กระบี่"),
            Map.entry("Trang", "ตรัง"), Map.entry("Pattani", "ปัตตานี"));

    static {
        List<CategoryWords> all = new ArrayList<>();
        all.add(words("mobile-phones", 8,
                items("iPhone 11", "iPhone 12 mini", "iPhone 13 Pro", "iPhone 14 Pro Max", "iPhone 15",
                        "Samsung Galaxy S21", "Samsung Galaxy S23 Ultra", "Samsung Galaxy A54", "OPPO Reno 8",
                        "OPPO A78", "vivo V27", "vivo Y36", "Xiaomi Redmi Note 12", "Xiaomi 13T", "realme 11 Pro",
                        "Huawei Nova 11", "Google Pixel 7"),
                items("64GB", "128GB", "256GB", "512GB", "8/256GB"),
                List.of("battery health 89%", "with box and charger", "no scratches on the screen",
                        "factory unlocked", "warranty until next year"),
                List.of("ประกันเหลือ", "แบต 89%", "อุปกรณ์ครบกล่อง", "จอไม่มีรอย", "เครื่องศูนย์ไทย", "ไม่เคยซ่อม")));
        all.add(words("computers", 5,
                items("MacBook Air M1", "MacBook Pro 14 M2", "ASUS TUF Gaming F15", "ASUS Vivobook 15",
                        "Lenovo ThinkPad T480", "Lenovo IdeaPad Slim 5", "Acer Nitro 5", "Dell Inspiron 15",
                        "HP Pavilion 14", "MSI GF63", "iPad Air 5", "iPad 9 WiFi"),
                items("8GB/256GB", "16GB/512GB", "RAM 16GB", "SSD 512GB", "RTX 3050", "Core i5", "Ryzen 5"),
                List.of("battery lasts 5 hours", "original charger included", "genuine Windows 11",
                        "keyboard works perfectly"),
                List.of("แบตอึด", "พร้อมที่ชาร์จแท้", "ลง Windows แท้", "เหมาะสำหรับนักศึกษา", "ประกันศูนย์เหลือ")));
        all.add(words("cameras", 3,
                items("Canon EOS M50", "Canon EOS R6", "Sony A6400", "Sony A7 III", "Fujifilm X-T30",
                        "Fujifilm X100V", "Nikon Z50", "Nikon D750", "GoPro Hero 11", "DJI Osmo Pocket 2",
                        "Olympus OM-D E-M10", "Ricoh GR III"),
                items("body only|บอดี้อย่างเดียว", "kit 15-45mm|พร้อมเลนส์คิท 15-45mm",
                        "with 18-55mm lens|พร้อมเลนส์ 18-55mm", "2 batteries|แบต 2 ก้อน"),
                List.of("shutter count under 10k", "comes with bag and SD card", "clean sensor, no fungus"),
                List.of("ชัตเตอร์น้อย", "เซ็นเซอร์สะอาด", "แถมกระเป๋าและเมม", "ไม่มีรา ไม่มีฝ้า")));
        all.add(words("audio", 4,
                items("Sony WH-1000XM4 headphones|หูฟัง Sony WH-1000XM4", "Sony WF-1000XM5 earbuds|หูฟัง Sony WF-1000XM5",
                        "AirPods Pro 2", "AirPods 3", "JBL Flip 6 speaker|ลำโพง JBL Flip 6",
                        "JBL Charge 5 speaker|ลำโพง JBL Charge 5", "Marshall Emberton speaker|ลำโพง Marshall Emberton",
                        "Marshall Major IV headphones|หูฟัง Marshall Major IV", "Bose QC45 headphones|หูฟัง Bose QC45",
                        "Samsung Galaxy Buds2 Pro", "Edifier R1280T bookshelf speakers|ลำโพง Edifier R1280T"),
                items("black|สีดำ", "white|สีขาว", "Thai warranty|ประกันศูนย์"),
                List.of("noise cancelling works great", "with case and cable", "battery still strong"),
                List.of("เสียงดี เบสแน่น", "ตัดเสียงรบกวนได้ดี", "แบตยังอึด", "อุปกรณ์ครบ")));
        all.add(words("gaming", 4,
                items("Nintendo Switch OLED", "Nintendo Switch Lite", "PS5 Slim", "PS4 Pro", "Xbox Series S",
                        "Steam Deck", "Zelda: Tears of the Kingdom game|แผ่นเกม Zelda: Tears of the Kingdom",
                        "Mario Kart 8 Deluxe game|แผ่นเกม Mario Kart 8 Deluxe",
                        "DualSense controller|จอย DualSense", "ASUS ROG Ally"),
                items("1TB", "512GB", "Asia version|โซนเอเชีย", "with 2 games|แถมเกม 2 แผ่น"),
                List.of("no stick drift", "with original box", "account not included"),
                List.of("จอยไม่ดริฟ", "แผ่นไม่มีรอย", "แถมเคส", "ครบกล่อง")));
        all.add(words("appliances", 5,
                items("Sharp refrigerator|ตู้เย็น Sharp", "Hitachi 2-door refrigerator|ตู้เย็น 2 ประตู Hitachi",
                        "Samsung washing machine|เครื่องซักผ้า Samsung", "LG inverter washer|เครื่องซักผ้า LG Inverter",
                        "Daikin air conditioner|แอร์ Daikin", "Mitsubishi Electric inverter air con|แอร์ Mitsubishi Inverter",
                        "Panasonic microwave|ไมโครเวฟ Panasonic", "Philips air fryer|หม้อทอดไร้น้ำมัน Philips",
                        "Xiaomi robot vacuum|หุ่นยนต์ดูดฝุ่น Xiaomi", "Dyson V11 vacuum|เครื่องดูดฝุ่น Dyson V11",
                        "Hatari fan|พัดลม Hatari"),
                items("9,000 BTU", "12,000 BTU", "7 kg", "10 kg", "5.9 cu.ft|5.9 คิว", "20 L|20 ลิตร"),
                List.of("energy label No.5", "still under warranty", "moving out sale"),
                List.of("ประหยัดไฟเบอร์ 5", "ย้ายบ้านขายด่วน", "ใช้งานได้ปกติ", "ล้างทำความสะอาดแล้ว")));
        all.add(words("furniture", 4,
                items("IKEA KALLAX shelf|ชั้นวาง IKEA KALLAX", "IKEA MALM bed frame|เตียง IKEA MALM",
                        "Index Living sofa|โซฟา Index Living", "SB Design dining table|โต๊ะกินข้าว SB Design",
                        "ergonomic office chair|เก้าอี้เพื่อสุขภาพ", "teak wardrobe|ตู้เสื้อผ้าไม้สัก",
                        "3-seater sofa|โซฟา 3 ที่นั่ง", "study desk|โต๊ะทำงาน", "teak cabinet|ตู้ไม้สัก"),
                items("5 ft|5 ฟุต", "6 ft|6 ฟุต", "120 cm", "L-shape|ตัวแอล"),
                List.of("pick up only", "solid wood", "smoke-free home"),
                List.of("รับเองเท่านั้น", "ไม้จริงทั้งตัว", "ไม่มีสัตว์เลี้ยง", "ย้ายคอนโดขายด่วน")));
        all.add(words("home-decor", 4,
                items("Scandinavian floor lamp|โคมไฟตั้งพื้นสไตล์มินิมอล", "wall mirror|กระจกติดผนัง",
                        "ceramic vase|แจกันเซรามิก", "rattan basket|ตะกร้าหวาย", "canvas wall art|รูปภาพแต่งบ้าน",
                        "blackout curtains|ผ้าม่านกันแสง", "fluffy rug|พรมขนนุ่ม", "LED fairy lights|ไฟประดับ LED"),
                items("set of 2|เซ็ต 2 ชิ้น", "60x90 cm", "large|ใบใหญ่"),
                List.of("Muji style", "great for a condo", "from a pet-free home"),
                List.of("สไตล์มูจิ", "แต่งคอนโดสวย", "งานแฮนด์เมด")));
        all.add(words("womens-fashion", 9,
                items("Zara dress|เดรส Zara", "Uniqlo linen shirt|เสื้อเชิ้ตลินิน Uniqlo", "H&M blouse|เสื้อ H&M",
                        "Levi's 501 jeans|ยีนส์ Levi's 501", "floral maxi dress|เดรสยาวลายดอก",
                        "knit cardigan|คาร์ดิแกนไหมพรม", "Thai silk skirt|ผ้าถุงไหมไทย", "Pomelo top|เสื้อ Pomelo"),
                items("size S|ไซส์ S", "size M|ไซส์ M", "size L|ไซส์ L", "free size|ฟรีไซส์"),
                List.of("worn once", "no stains", "very soft fabric"),
                List.of("ใส่ครั้งเดียว", "ไม่มีตำหนิ", "ผ้านิ่มมาก", "ส่งต่อราคาเบาๆ")));
        all.add(words("mens-fashion", 6,
                items("Uniqlo Airism T-shirt|เสื้อยืด Uniqlo Airism", "Levi's 511 jeans|ยีนส์ Levi's 511",
                        "Nike Dri-FIT shirt|เสื้อ Nike Dri-FIT", "Adidas track jacket|แจ็คเก็ต Adidas",
                        "Lacoste polo|เสื้อโปโล Lacoste", "vintage band tee|เสื้อวงวินเทจ",
                        "chino shorts|กางเกงขาสั้นชิโน่", "bomber jacket|แจ็คเก็ตบอมเบอร์"),
                items("size M|ไซส์ M", "size L|ไซส์ L", "size XL|ไซส์ XL", "waist 32|เอว 32"),
                List.of("authentic", "worn a few times", "no fading"),
                List.of("ของแท้", "ใส่ไม่กี่ครั้ง", "สีไม่ซีด", "เสื้อวินเทจแท้")));
        all.add(words("shoes", 5,
                items("Nike Air Force 1", "Nike Air Jordan 1", "Adidas Samba", "Adidas Ultraboost",
                        "New Balance 530", "Converse Chuck 70", "Onitsuka Tiger Mexico 66", "Crocs Classic Clog",
                        "Birkenstock Arizona", "Hoka Clifton 9"),
                items("US 8", "US 9", "US 10", "EU 38", "EU 42"),
                List.of("authentic, with box", "soles in great shape", "cleaned and ready to wear"),
                List.of("ของแท้ 100%", "พื้นยังดี", "ซักทำความสะอาดแล้ว", "มีกล่อง")));
        all.add(words("bags", 4,
                items("Louis Vuitton Neverfull", "Louis Vuitton Speedy 30", "Gucci Marmont", "Coach Tabby",
                        "Chanel Classic Flap", "Kate Spade tote", "Longchamp Le Pliage", "Fjallraven Kanken backpack",
                        "Anello backpack|เป้ Anello", "Michael Kors crossbody"),
                items("MM", "PM", "medium|ไซส์กลาง", "small|ไซส์เล็ก"),
                List.of("with receipt and dust bag", "authenticity guaranteed", "corners in good shape"),
                List.of("แท้ 100% มีใบเสร็จ", "อุปกรณ์ครบ ถุงผ้า กล่อง", "มุมไม่ถลอก", "รับตรวจสอบของแท้")));
        all.add(words("watches", 3,
                items("Seiko 5 Sports", "Seiko Presage", "Casio G-Shock GA-2100", "Casio Vintage A168",
                        "Rolex Submariner", "Omega Seamaster", "Tissot PRX", "Citizen Eco-Drive",
                        "Apple Watch Series 8", "Garmin Forerunner 255"),
                items("40mm", "42mm", "44mm", "automatic|ระบบออโตเมติก"),
                List.of("full set box and papers", "keeps perfect time", "serviced last year"),
                List.of("ครบกล่องใบ", "เดินตรง", "เซอร์วิสแล้ว", "สายแท้")));
        all.add(words("amulets", 3,
                items("Phra Somdej amulet|พระสมเด็จ", "LP Tuad amulet|หลวงปู่ทวด", "Jatukam Ramathep amulet|จตุคามรามเทพ",
                        "Phra Pidta amulet|พระปิดตา", "Phra Nang Phaya amulet|พระนางพญา", "Takrut|ตะกรุด",
                        "vintage Thai coins|เหรียญเก่า", "Buddha statue|พระบูชา"),
                items("B.E. 2517|ปี 2517", "B.E. 2530|ปี 2530", "gold case|เลี่ยมทอง", "silver case|เลี่ยมเงิน"),
                List.of("with certificate", "genuine, well kept", "from a private collection"),
                List.of("มีบัตรรับรอง", "พระแท้ดูง่าย", "เก็บรักษาอย่างดี", "ตกทอดจากคุณตา")));
        all.add(words("baby-kids", 4,
                items("Aprica stroller|รถเข็นเด็ก Aprica", "Combi stroller|รถเข็นเด็ก Combi",
                        "Joie car seat|คาร์ซีท Joie", "baby crib|เตียงเด็ก", "LEGO Classic box|เลโก้ Classic",
                        "baby carrier|เป้อุ้มเด็ก", "kids bicycle|จักรยานเด็ก", "baby clothes bundle|เสื้อผ้าเด็กยกเซ็ต"),
                items("0-3 years|0-3 ปี", "newborn|แรกเกิด", "set of 10|10 ชิ้น"),
                List.of("clean, from a smoke-free home", "washed and sanitised", "outgrown quickly"),
                List.of("ลูกโตแล้ว ส่งต่อ", "ซักสะอาดแล้ว", "ใช้ไม่กี่ครั้ง")));
        all.add(words("books", 4,
                items("Harry Potter box set|Harry Potter ยกชุด", "One Piece manga|การ์ตูน One Piece",
                        "Atomic Habits", "Sapiens", "TOEIC practice book|หนังสือเตรียมสอบ TOEIC",
                        "Thai novel collection|นิยายไทยยกชุด", "cookbook|หนังสือสอนทำอาหาร",
                        "university textbook|ตำราเรียนมหาวิทยาลัย"),
                items("vol. 1-20|เล่ม 1-20", "Thai edition|ฉบับภาษาไทย", "English edition|ฉบับภาษาอังกฤษ"),
                List.of("no highlights or notes", "pages clean", "bundle deal"),
                List.of("ไม่มีรอยขีดเขียน", "กระดาษไม่เหลือง", "ขายยกชุด")));
        all.add(words("sports", 3,
                items("Yonex badminton racket|ไม้แบด Yonex", "Victor badminton racket|ไม้แบด Victor",
                        "adjustable dumbbells|ดัมเบลปรับน้ำหนัก", "yoga mat|เสื่อโยคะ", "treadmill|ลู่วิ่งไฟฟ้า",
                        "camping tent|เต็นท์แคมป์ปิ้ง", "Coleman cooler|กระติก Coleman", "Muay Thai gloves|นวมมวยไทย",
                        "futsal ball|ลูกฟุตซอล"),
                items("4U", "20 kg|20 กิโล", "10 oz|10 ออนซ์", "for 4 people|4 คน"),
                List.of("used one season", "great for home gym", "no damage"),
                List.of("ใช้ไม่กี่ครั้ง", "เหมาะกับโฮมยิม", "อุปกรณ์ครบ")));
        all.add(words("bicycles", 2,
                items("Trek FX 3 hybrid bike|จักรยานไฮบริด Trek FX 3", "Giant Escape 3|จักรยาน Giant Escape 3",
                        "Brompton folding bike|จักรยานพับ Brompton", "Specialized Allez road bike|เสือหมอบ Specialized Allez",
                        "Merida Big.Nine MTB|เสือภูเขา Merida Big.Nine", "Java Siena road bike|เสือหมอบ Java Siena",
                        "Tern Link folding bike|จักรยานพับ Tern Link"),
                items("size M|ไซส์ M", "size 52|ไซส์ 52", "Shimano 105", "Shimano Claris"),
                List.of("recently serviced", "new tyres", "light and fast"),
                List.of("เพิ่งเซอร์วิส", "ยางใหม่", "น้ำหนักเบา ปั่นลื่น")));
        all.add(words("motorcycles", 2,
                items("Honda Wave 110i", "Honda Click 125i", "Honda PCX 160", "Yamaha NMAX 155",
                        "Yamaha Aerox 155", "Yamaha Fino", "Honda Scoopy i", "Kawasaki Ninja 400",
                        "Honda CBR150R", "Vespa Sprint 150"),
                items("2017|ปี 2017", "2019|ปี 2019", "2020|ปี 2020", "2022|ปี 2022"),
                List.of("green book ready to transfer", "low mileage", "tax and insurance paid"),
                List.of("เล่มพร้อมโอน", "ไมล์น้อย", "ภาษีพรบ.ครบ", "รถบ้านมือเดียว")));
        all.add(words("car-parts", 3,
                items("Enkei alloy wheels|ล้อแม็ก Enkei", "Michelin tyres|ยาง Michelin", "Bridgestone tyres|ยาง Bridgestone",
                        "70mai dash cam|กล้องติดรถยนต์ 70mai", "Pioneer head unit|วิทยุติดรถยนต์ Pioneer",
                        "roof rack|แร็คหลังคา", "car seat covers|ชุดหุ้มเบาะรถยนต์", "LED headlights|ไฟหน้า LED"),
                items("15 inch|ขอบ 15", "17 inch|ขอบ 17", "205/55 R16", "for Toyota Vios|สำหรับ Toyota Vios"),
                List.of("fits Honda City", "fits Isuzu D-Max", "removed from my car"),
                List.of("ใส่ Honda City ได้", "ใส่ Isuzu D-Max ได้", "ถอดจากรถตัวเอง")));
        all.add(words("musical-instruments", 2,
                items("Yamaha F310 acoustic guitar|กีตาร์โปร่ง Yamaha F310", "Fender Stratocaster",
                        "Casio keyboard|คีย์บอร์ด Casio", "Yamaha P-45 digital piano|เปียโนไฟฟ้า Yamaha P-45",
                        "Kala ukulele|อูคูเลเล่ Kala", "Roland electronic drums|กลองไฟฟ้า Roland",
                        "Boss guitar pedal|เอฟเฟค Boss", "Thai khim|ขิม"),
                items("with case|พร้อมกระเป๋า", "88 keys|88 คีย์", "61 keys|61 คีย์"),
                List.of("great for beginners", "tuned and set up", "comes with stand"),
                List.of("เหมาะสำหรับมือใหม่", "เซ็ตอัพแล้ว", "แถมขาตั้ง")));
        all.add(words("beauty", 5,
                items("Dyson Airwrap", "Dyson Supersonic hair dryer|ไดร์เป่าผม Dyson Supersonic",
                        "Foreo Luna 3", "SK-II Facial Treatment Essence", "Estée Lauder Advanced Night Repair",
                        "Laneige lip mask", "perfume Chanel No.5|น้ำหอม Chanel No.5", "Sulwhasoo serum|เซรั่ม Sulwhasoo",
                        "Mistine sunscreen|กันแดด Mistine"),
                items("50 ml", "100 ml", "full size|ไซส์จริง"),
                List.of("used twice", "expiry 2026", "counter product, authentic"),
                List.of("ใช้ไปนิดเดียว", "หมดอายุปี 2026", "ของแท้จากเคาน์เตอร์", "ฉลากไทย")));
        all.add(words("pets", 3,
                items("cat tree|คอนโดแมว", "pet carrier|กระเป๋าใส่สัตว์เลี้ยง", "dog crate|กรงสุนัข",
                        "automatic litter box|ห้องน้ำแมวอัตโนมัติ", "aquarium tank|ตู้ปลา", "Royal Canin cat food|อาหารแมว Royal Canin",
                        "pet stroller|รถเข็นสัตว์เลี้ยง", "dog bed|ที่นอนสุนัข"),
                items("large|ไซส์ใหญ่", "small|ไซส์เล็ก", "36 inch|36 นิ้ว", "10 kg|10 กิโล"),
                List.of("cleaned and disinfected", "my cat never used it", "sturdy"),
                List.of("ทำความสะอาดแล้ว", "น้องแมวไม่ใช้", "แข็งแรงทนทาน")));
        all.add(words("plants-garden", 3,
                items("Monstera deliciosa|มอนสเตอร่า", "Philodendron Pink Princess|ฟิโลเดนดรอน พิงค์ปริ้นเซส",
                        "Cactus Astrophytum|แคคตัส แอสโตรไฟตัม", "Fiddle leaf fig|ต้นไทรใบสัก", "bonsai|บอนไซ",
                        "ceramic plant pots|กระถางเซรามิก", "garden hose set|สายยางรดน้ำ", "orchid|กล้วยไม้"),
                items("in 8-inch pot|กระถาง 8 นิ้ว", "rooted cutting|กิ่งชำ", "set of 3|ชุด 3 กระถาง"),
                List.of("healthy roots", "grown at home", "variegated"),
                List.of("รากแน่น", "เลี้ยงเองที่บ้าน", "ด่างสวย", "ฟอร์มสวย")));
        CATEGORIES = List.copyOf(all);
        for (int i = 0; i < Categories.ALL.size(); i++) {
            if (!Categories.ALL.get(i).slug().equals(CATEGORIES.get(i).slug())) {
                throw new IllegalStateException("vocabulary out of step with Categories.ALL at " + i);
            }
        }
        if (CATEGORIES.size() != Categories.ALL.size()) {
            throw new IllegalStateException("vocabulary covers " + CATEGORIES.size() + " categories");
        }
    }

    private Vocabulary() {
    }

    private static CategoryWords words(String slug, double popularity, List<Phrase> items, List<Phrase> specs,
                                       List<String> extrasEn, List<String> extrasTh) {
        return new CategoryWords(slug, popularity, items, specs, extrasEn, extrasTh);
    }

    private static List<Phrase> items(String... pairs) {
        List<Phrase> out = new ArrayList<>(pairs.length);
        for (String p : pairs) {
            out.add(Phrase.parse(p));
        }
        return List.copyOf(out);
    }

    static String provinceName(String province, boolean thai) {
        return thai ? PROVINCE_TH.getOrDefault(province, province) : province;
    }

    /** A title: item, maybe a spec, the condition phrase and, in Thai, often a selling point. */
    static String title(int category, int item, int spec, Condition condition, boolean thai, RandomGenerator rng) {
        CategoryWords w = CATEGORIES.get(category);
        StringBuilder sb = new StringBuilder(64).append(w.items().get(item).in(thai));
        if (spec >= 0) {
            sb.append(' ').append(w.specs().get(spec).in(thai));
        }
        if (thai) {
            sb.append(' ').append(pick(condition.phrasesTh, rng));
            if (rng.nextDouble() < 0.5) {
                sb.append(' ').append(pick(w.extrasTh(), rng));
            }
        } else {
            sb.append(", ").append(pick(condition.phrasesEn, rng));
        }
        return sb.toString();
    }

    /** A few sentences as a seller writes them; scam listings push for payment up front. */
    static String description(int category, int item, Condition condition, boolean thai, String province,
                              boolean scam, RandomGenerator rng) {
        CategoryWords w = CATEGORIES.get(category);
        String name = w.items().get(item).in(thai);
        StringBuilder sb = new StringBuilder(160);
        if (thai) {
            sb.append("ขาย ").append(name).append(' ').append(pick(condition.phrasesTh, rng)).append(' ')
                    .append(pick(w.extrasTh(), rng));
            if (scam) {
                sb.append(' ').append(pick(SCAM_TH, rng));
            } else {
                sb.append(" นัดรับได้แถว").append(provinceName(province, true)).append(" หรือส่งเคอรี่/แฟลชได้");
            }
            sb.append(" สนใจทักแชทได้เลยค่ะ");
        } else {
            sb.append("Selling my ").append(name).append(". Condition: ").append(pick(condition.phrasesEn, rng))
                    .append(". ").append(capitalise(pick(w.extrasEn(), rng))).append('.');
            if (scam) {
                sb.append(' ').append(pick(SCAM_EN, rng)).append('.');
            } else {
                sb.append(" Meet up in ").append(province).append(" or shipping via Kerry/Flash.");
            }
            sb.append(" Message me if interested.");
        }
        return sb.toString();
    }

    /** A search query a buyer interested in the category would type. */
    static String query(int category, boolean thai, RandomGenerator rng) {
        CategoryWords w = CATEGORIES.get(category);
        Phrase item = pick(w.items(), rng);
        double u = rng.nextDouble();
        if (u < 0.25) {
            return thai ? Categories.ALL.get(category).nameTh() : firstWords(item.en(), 1).toLowerCase(Locale.ROOT);
        }
        String words = firstWords(item.in(thai), u < 0.7 ? 2 : 3);
        return thai ? words : words.toLowerCase(Locale.ROOT);
    }

    private static String firstWords(String s, int n) {
        int end = -1;
        for (int i = 0; i < n; i++) {
            int next = s.indexOf(' ', end + 1);
            if (next < 0) {
                return s;
            }
            end = next;
        }
        return s.substring(0, end);
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static <T> T pick(List<T> list, RandomGenerator rng) {
        return list.get(rng.nextInt(list.size()));
    }
}
