package io.mercator.nlp.diversion;

import java.util.List;
import java.util.Set;

/**
 * The hand-written diversion rules, in one place so they can be read together. Each says in a
 * comment what it catches; {@code DiversionDetectorTest} holds what they must and must not fire on.
 */
final class ContactRules {

    private ContactRules() {
    }

    /** A handle: Latin letters, digits, dot, dash, underscore, 3 to 30 long, starting with a letter or digit. */
    private static final String HANDLE = "(?<handle>[a-z0-9][a-z0-9._-]{2,29})(?![a-z0-9._-])";
    /** Thai words, spaces and a parenthesis between a keyword and the Latin handle it introduces ("ไอดี (ตัวเล็ก) pim.2k"). */
    private static final String THAI_FILLER = "[\\u0E00-\\u0E7F\\s()\"']{0,40}?";
    /** Anything short on one line between a platform's name and its marker ("line, id is ..."). */
    private static final String NEAR = "[^\\n@]{0,40}?";
    private static final String ID_MARKER = "(?<marker>(?<![a-z])id(?![a-z])|ไอดี|[:：=@]|→|->|ค้นหา|(?<![a-z])search(?![a-z])|ชื่อ|(?<![a-z])name(?![a-z]))";
    /** A short remark in parentheses between a keyword and its handle ("(ตัวเล็กหมด)", "(all lower case)"). */
    private static final String ASIDE = "(?:\\s*\\([^)]{0,24}\\))?";
    private static final String AFTER_MARKER = "\\s*(?:is|คือ|:|：)?\\s*@?\\s*(?:ตามด้วย|followed by)?\\s*";

    /** English words that follow "line" or "ig" in ordinary writing and are never an ID. */
    private static final Set<String> NOT_HANDLES = java.util.stream.Stream.of("for", "the", "and", "with", "from", "this", "that", "new",
            "our", "are", "all", "any", "you", "your", "only", "chat", "app", "pay", "man", "shopping", "store",
            "marketplace", "post", "posts", "live", "group", "story", "stories", "reels", "ads", "page", "feed",
            "not", "but", "was", "has", "have", "had", "will", "can", "items", "item", "products", "product",
            "collection", "series", "model", "models", "version", "edition", "style", "design", "color", "colour",
            "size", "one", "two", "three", "four", "five", "stock", "sale", "also", "too", "then", "only",
            "official", "account", "please", "thanks", "thank", "ok", "okay", "friends", "friend", "sticker",
            "stickers", "theme", "themes", "call", "calls", "video", "message", "messages", "data", "support")
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** LINE in Thai, spelled with separators, or as the "green app". */
    private static final String LINE_TH = "(?:ไอดี\\s*ไลน์|ไลน์\\s*ไอดี|ไ[\\s._-]*ล[\\s._-]*[้่]?[\\s._-]*[นณ][\\s._-]*์?|ลายน์|แอ[ปพ]\\s*(?:สี)?เขียว)";
    /** LINE and Facebook named by colour, so that a filter looking for their names misses them ("แอปสีฟ้า", "green messenger"). */
    private static final String GREEN_APP = "(?:แอ[ปพ]\\s*(?:สี)?เขียว|(?<![a-z])green\\s+(?:chat\\s+)?(?:app|messenger)(?![a-z]))";
    private static final String BLUE_APP = "(?:แอ[ปพ]\\s*(?:สี)?ฟ้า|(?<![a-z])blue\\s+(?:chat\\s+)?(?:app|messenger)(?![a-z]))";
    private static final String LINE_EN = "(?:(?<![a-z])(?:l[\\s._-]?i[\\s._-]?n[\\s._-]?e|l1ne|lin3|lne)(?![a-z])|green\\s+(?:chat\\s+)?(?:app|messenger))";
    private static final String LINE_WORD = "(?:" + LINE_TH + "|" + LINE_EN + ")";
    private static final String SOCIAL_EN = "(?:(?<![a-z])(?:ig|i\\s+g|instagram|insta|fb|f\\s+b|facebook|face\\s?book|telegram|tg|whatsapp|whats\\s?app|wa|"
            + "wechat|tiktok|tik\\s?tok|twitter|messenger|discord|kakao(?:talk)?|viber|signal|snapchat|snap|youtube|shopee|lazada)(?![a-z])|"
            + "(?<![a-z])x(?=\\s*@))";
    private static final String SOCIAL_TH = "(?:ไอ\\s*จี|อินสตาแกรม|อินสตา|เฟส(?:บุ๊[คก])?|เฟซ(?:บุ๊[คก])?|เพจ|เทเลแกรม|วอทส?์?แอ[ปพ]|วัทส์แอป|แอ[ปพ]\\s*(?:สี)?ฟ้า|วีแชท|ติ๊กต็อก|ติ๊กต๊อก|ทวิตเตอร์|แมสเซนเจอร์|สแน็ปแชท|ยูทูบ|ยูทูป|ช้อปปี้|ลาซาด้า)";
    private static final String SOCIAL_WORD = "(?:" + SOCIAL_EN + "|" + SOCIAL_TH + ")";
    /** Rules that cannot match without naming LINE, or another platform, are tried only where it is named. */
    private static final java.util.regex.Pattern NAMES_LINE = java.util.regex.Pattern.compile(LINE_WORD);
    private static final java.util.regex.Pattern NAMES_SOCIAL = java.util.regex.Pattern.compile(SOCIAL_WORD);
    /** Cheap words the rarer rules cannot match without, so that most texts skip them. */
    private static final java.util.regex.Pattern NAMES_COLOUR_APP = java.util.regex.Pattern.compile("เขียว|ฟ้า|green|blue");
    private static final java.util.regex.Pattern NAMES_L = java.util.regex.Pattern.compile("(?<![a-z0-9])l(?![a-z])|💚|🟩|🟢");
    private static final java.util.regex.Pattern NAMES_CHANNEL = java.util.regex.Pattern.compile("ช่องทาง|other|another|different|somewhere|elsewhere");
    private static final java.util.regex.Pattern NAMES_QR = java.util.regex.Pattern.compile("สแกน|คิวอาร์|scan|qr");
    private static final java.util.regex.Pattern NAMES_EVASION = java.util.regex.Pattern.compile("ระบบ|filter|system|fee");
    private static final String REACH = "(?:แอด|add|ทัก|แชท|คุย|ติดต่อ|ส่งข้อความ|เพิ่มเพื่อน|add\\s+friend|อินบ็อกซ์|อินบ๊อกซ์|inbox|ib|dm|pm|message|msg|"
            + "chat|contact|text|talk|follow|find|search|ตาม|หา|ค้นหา)";
    /** Asking the other side for a way to reach them outside the app: "ขอไลน์หน่อย", "do you have line?", "what's your number". */
    private static final String ASK = "(?:ขอ|ให้|ส่ง)\\s*(?:หน่อย\\s*)?|(?<![a-z])do\\s+(?:you|u)\\s+(?:have|use)\\s+(?:a\\s+)?|"
            + "(?<![a-z])(?:send|give|share)\\s+(?:me\\s+)?(?:your|ur)\\s+|(?<![a-z])what'?s\\s+(?:your|ur)\\s+";
    /** Banks and wallets a transfer outside the app names. */
    private static final String BANK = "(?:กสิกร|กรุงไทย|ธนาคารกรุงเทพ|บัวหลวง|ไทยพาณิชย์|กรุงศรี|ออมสิน|ทหารไทย|ธนชาต|ทีทีบี|แม่มณี|"
            + "(?<![a-z])(?:kbank|k-?bank|kasikorn|ktb|krungthai|bbl|scb|krungsri|gsb|ttb|kplus|k\\s+plus)(?![a-z]))";
    private static final String VIA = "\\s*(?:me|us|มา|ไป|กัน|ได้)?\\s*(?:ทาง|ที่|ผ่าน|ใน|on|via|at|in|through|by|my|our)?\\s*";
    private static final String MAIL = "(?:gmail|hotmail|yahoo|outlook|icloud|live|proton(?:mail)?|จีเมล|ฮอตเมล|ยาฮู)";

    static List<DiversionRule> all() {
        return List.of(
                // "line, id is m.a.y.s.h.o.p", "ไลน์ @ ตามด้วย 998shop", "ไอดีไลน์ (ตัวเล็กหมด) pimpim.2k"
                PatternRule.withHandle("line_id", 0.95, LINE_WORD + NEAR + ID_MARKER + AFTER_MARKER + THAI_FILLER + HANDLE, NOT_HANDLES).when(NAMES_LINE),
                // "ไลน์ shop99", "แอปเขียว nattyshop": a Thai keyword, then a Latin handle
                PatternRule.withHandle("line_id", 0.95, "(?<marker>" + LINE_TH + ")\\s*[:：=]?" + ASIDE + "\\s*@?\\s*" + HANDLE, NOT_HANDLES).when(NAMES_LINE),
                // "line shop_99" (an ID-like handle after the English word)
                PatternRule.withHandle("line_id", 0.9, LINE_EN + "\\s*[:：=]?\\s*@?\\s*" + HANDLE, NOT_HANDLES).when(NAMES_LINE),
                // "แอดไลน์มานะ", "ทักไลน์", "contact me on line", "line me", "my line QR": asks for LINE without the ID
                PatternRule.of("line_id", 0.85, REACH + VIA + LINE_WORD + "|(?<![a-z])line\\s+(?:me|us)(?![a-z])|"
                        + LINE_WORD + "\\s*(?:qr|คิวอาร์)|(?:qr|คิวอาร์)\\s*(?:code\\s*)?(?:ของ\\s*)?" + LINE_WORD).when(NAMES_LINE),
                // "ID อยู่ในรูปสุดท้าย", "scan the QR in photo 5": the contact is in a photo, where text analysis cannot read it
                PatternRule.of("line_id", 0.85, "(?:(?<![a-z])(?:id|qr|scan)(?![a-z])|ไอดี|คิวอาร์|สแกน|" + LINE_WORD + ")[^\\n]{0,20}?"
                        + "(?:ใน\\s*รูป|รูปสุดท้าย|(?<![a-z])in\\s+(?:the\\s+)?(?:last\\s+|first\\s+|\\d+(?:st|nd|rd|th)\\s+)?"
                        + "(?:photo|pic|picture|image)s?(?![a-z]))"),
                PatternRule.of("phone", 0.8, "(?:เบอร์|(?<![a-z])(?:phone|number|tel)(?![a-z]))[^\\n]{0,20}?"
                        + "(?:ใน\\s*รูป|รูปสุดท้าย|(?<![a-z])in\\s+(?:the\\s+)?(?:last\\s+|first\\s+)?(?:photo|pic|picture|image)s?(?![a-z]))"),
                // "ขอไอดีไลน์หน่อย", "do u have line?", "มีไลน์ไหม": asks for LINE
                PatternRule.of("line_id", 0.85, "(?:" + ASK + ")(?:ไอดี\\s*)?" + LINE_WORD + "|" + LINE_WORD + "\\s*(?:มั้ย|ไหม|ป่าว|รึเปล่า|\\?)"
                        + "|(?<![a-z])(?:have|got|use)\\s+" + LINE_WORD + "\\s*\\?").refusable().when(NAMES_LINE),
                // "what's your number?", "drop your number", "ขอเบอร์หน่อย", "ขอเบอร์โทร": asks for a phone number
                PatternRule.of("phone", 0.85, "(?:ขอ|ให้|ส่ง)\\s*(?:หน่อย\\s*)?เบอร์|(?<![a-z])(?:what'?s|whats|drop|send|give\\s+me|share)\\s+"
                        + "(?:me\\s+)?(?:your|ur|a)\\s+(?:phone\\s+)?(?:number|phone|no\\.?)(?![a-z])").refusable(),
                // "ขออีเมลหน่อย", "send me your email", "จีเมล ชื่อร้าน...": asks for or points to an e-mail address
                PatternRule.of("email", 0.85, "(?:ขอ|ให้|ส่ง)\\s*(?:หน่อย\\s*)?(?:อีเมล|เมล)|(?<![a-z])(?:what'?s|whats|send|give\\s+me|share|drop)\\s+"
                        + "(?:me\\s+)?(?:your|ur)\\s+(?:e-?mail|gmail)(?![a-z])|" + MAIL + "\\s*(?:ชื่อ|คือ)").refusable(),
                // "มีคลิปใน tiktok", "ไลฟ์ขายในติ๊กต็อก", "ดูรีวิวได้ที่ Facebook กลุ่ม ...": selling or talking on another platform
                // a weaker signal than a handle: reviewed by a moderator, never withheld on its own
                PatternRule.of("social", 0.7, "(?:ใน|ที่|(?<![a-z])(?:on|in)(?![a-z]))\\s*" + SOCIAL_WORD).when(NAMES_SOCIAL),
                // "link in my profile", "ลิงก์อยู่ในรูปโปรไฟล์", "เว็บร้านอยู่ในรูป": a link where text analysis cannot read it
                PatternRule.of("url", 0.8, "(?:ลิ[งน]ก์|ลิ้งค์|ลิงค์|เว็บ|(?<![a-z])(?:link|website|site|url)(?![a-z]))[^\\n]{0,20}?"
                        + "(?:ใน\\s*(?:รูป|โปรไฟล์|ไบโอ)|(?<![a-z])in\\s+(?:my\\s+|the\\s+)?(?:profile|bio|photo|pic|picture|image)s?(?![a-z]))"),
                // "โอนเข้ากรุงไทย", "โอนผ่าน kbank", "ktb หรือ bbl ก็ได้": a transfer to a named bank or wallet
                PatternRule.of("offplatform_payment", 0.85, "(?:โอน|จ่าย|ชำระ|สแกน)[^\\n]{0,15}?" + BANK + "|" + BANK + "\\s*\\d{3}[-\\s]?\\d").refusable(),
                // "โอนมาก่อน", "transfer first": paying before the app holds the money
                PatternRule.of("offplatform_payment", 0.85, "โอน(?:เงิน)?\\s*(?:มา|ให้)?\\s*ก่อน|(?<![a-z])(?:transfer|pay)\\s+(?:me\\s+)?first(?![a-z])").refusable(),
                // crypto instead of the app's payment
                PatternRule.of("offplatform_payment", 0.85, "(?<![a-z])(?:bitcoin|btc|eth|ethereum|crypto|usdc)(?![a-z])|บิทคอยน์|คริปโต"),
                // "แอปสีเขียว", "blue app": naming a platform by its colour is itself the attempt to get past a filter
                PatternRule.of("line_id", 0.85, GREEN_APP).when(NAMES_COLOUR_APP),
                PatternRule.of("social", 0.85, BLUE_APP).when(NAMES_COLOUR_APP),
                // "L : kaew.kaew", "แอด L ตัวใหญ่ ไอดี dd.auto.parts", "💚 id: happy.mom.shop": LINE as one letter or its colour
                PatternRule.withHandle("line_id", 0.85, "(?<!size\\s?)(?<!ไซส์\\s?)(?<![a-z0-9])l\\s*[:：]\\s*@?\\s*(?=[a-z])" + HANDLE, NOT_HANDLES).when(NAMES_L),
                PatternRule.of("line_id", 0.85, "(?:แอด|(?<![a-z])add)\\s*l(?![a-z])(?!\\s*(?:size|ไซส์))|[💚🟩🟢]\\s*(?:(?<![a-z])id(?![a-z])|ไอดี|[:：])").when(NAMES_L),
                // "F B / I G ชื่อ มะปราง วินเทจ", "เทเลแกรม ไอดี สมชาย_ทูล", "ไอจี พลอย ดอท โคลเซ็ท": a platform, then a name in any script
                PatternRule.of("social", 0.85, SOCIAL_WORD + "[^\\n]{0,20}?(?:(?<![a-z])(?:id|name)(?![a-z])|ไอดี|ชื่อ(?!ดัง|เสียง))\\s*[:：]?\\s*[\\p{L}\\p{N}][^\\s,]{0,30}"
                        + "|" + SOCIAL_WORD + "\\s*[:：]?\\s*[^\\s]{1,20}\\s*(?:ดอท|ด็อท|จุด)\\s*[\\p{L}\\p{N}][^\\s,]{0,30}").when(NAMES_SOCIAL),
                // "ช่องทางอื่น", "ทักช่องทางติดต่อ", "let's talk somewhere else": asks to leave without naming where
                PatternRule.of("social", 0.8, "ช่องทาง\\s*(?:อื่น|ส่วนตัว|ติดต่อ(?!\\s*(?:ใน|ผ่าน)\\s*(?:แอ|แชท|ระบบ)))"
                        + "|(?<![a-z])(?:on|via|in|through|to)\\s+(?:an\\s+|the\\s+)?(?:other|another|different)\\s+(?:app|channel|platform)(?![a-z])"
                        + "|(?<![a-z])(?:talk|chat|continue|move)\\s+(?:somewhere|elsewhere)(?![a-z])").refusable().when(NAMES_CHANNEL),
                // "สแกนคิวอาร์ในรูป เข้าเว็บร้าน": a QR code that leads to a website
                PatternRule.of("url", 0.8, "(?:สแกน|คิวอาร์|(?<![a-z])(?:scan|qr)(?![a-z]))[^\\n]{0,30}?(?:เว็บ|(?<![a-z])(?:web|website|site)(?![a-z]))").when(NAMES_QR),
                // "ใส่หมายเหตุตอนโอนว่า ... จะได้ไม่ติดระบบ": a transfer worded to get past the platform's checks
                PatternRule.of("offplatform_payment", 0.85, "(?:โอน|จ่าย|(?<![a-z])(?:pay|transfer)(?![a-z]))[^\\n]{0,40}?"
                        + "(?:ไม่\\s*ติด\\s*(?:ระบบ|ฟิลเตอร์)|เลี่ยง\\s*ระบบ|หลบ\\s*ระบบ|(?<![a-z])(?:avoid|bypass|dodge|skip)\\s+(?:the\\s+)?(?:filter|system|app\\s+fee|fees?)(?![a-z]))").when(NAMES_EVASION),
                // "ไลน์ร้าน", "LINE ของร้าน": the shop's LINE
                PatternRule.of("line_id", 0.85, LINE_WORD + "\\s*(?:ของ)?\\s*ร้าน").when(NAMES_LINE),
                // "แอด @shop99", "add @abc": LINE official accounts are written with @
                PatternRule.withHandle("line_id", 0.9, "(?:แอด|add)\\s*(?<marker>@)\\s*" + HANDLE, Set.of()),
                // "ig ร้านนะคะ ชื่อ nongnoon.closet", "TG: @ps5seller", "dm me on x @resellkingbkk"
                PatternRule.withHandle("social", 0.9, SOCIAL_WORD + NEAR + ID_MARKER + AFTER_MARKER + THAI_FILLER + HANDLE, NOT_HANDLES).when(NAMES_SOCIAL),
                // "ไอจี vintage.bkk": a Thai platform name, then a Latin handle
                PatternRule.withHandle("social", 0.9, "(?<marker>" + SOCIAL_TH + ")\\s*[:：]?" + ASIDE + "\\s*@?\\s*" + HANDLE, NOT_HANDLES).when(NAMES_SOCIAL),
                // "ig vintage.bkk" (an ID-like handle after the English name)
                PatternRule.withHandle("social", 0.9, SOCIAL_EN + "\\s*[:：]?\\s*@?\\s*" + HANDLE, NOT_HANDLES).when(NAMES_SOCIAL),
                // "เฟส: ร้านมือสองบางนา"
                PatternRule.of("social", 0.9, SOCIAL_WORD + "\\s*[:：]\\s*[\\p{L}\\p{N}][^\\s,]{1,40}").when(NAMES_SOCIAL),
                // "ทักเฟสมา", "inbox เพจ", "dm me on ig", "follow my ig", "snap me", "เพจร้าน", "วอทแอพ เบอร์เดียวกับ..."
                PatternRule.of("social", 0.85, REACH + VIA + SOCIAL_WORD + "|" + SOCIAL_WORD + "\\s+(?:me|us)(?![a-z])|"
                        + SOCIAL_WORD + "\\s*(?:ของ)?\\s*ร้าน|(?<![a-z])(?:our|my)\\s+(?:shop\\s+)?" + SOCIAL_WORD + "|"
                        + SOCIAL_WORD + "\\s*(?:เบอร์|(?<![a-z])number(?![a-z]))").when(NAMES_SOCIAL),
                // "name at gmail dot com", "nuch2530 [at] hotmail", "b.sales#gmail.com", "pim_pim แอท จีเมล"
                PatternRule.withHandle("email", 0.95, "(?<![a-z0-9._-])" + HANDLE.replace("{2,29}", "{1,39}")
                        + "\\s*(?:@|\\[at\\]|\\(at\\)|#|แอท|\\s+at\\s+)\\s*(?<marker>" + MAIL + ")", Set.of()).onLinkView(),
                // "mail: sales at mytoyshop dot co dot th": " at " in an e-mail's context
                PatternRule.withHandle("email", 0.9, "(?<marker>(?<![a-z])e-?mail|(?<![a-z])mail|อีเมล|เมล)[^\\n@]{0,15}?"
                        + HANDLE + "\\s+at\\s+[a-z0-9-]+(?:\\.[a-z0-9-]+)+", NOT_HANDLES).onLinkView(),
                // "my hotmail is beerkung_99", "อีเมล: pim_pim"
                PatternRule.withHandle("email", 0.9, "(?<marker>" + MAIL + "|(?<![a-z])e-?mail|อีเมล|เมล)\\s*(?:is|คือ|:|：|address)\\s*" + HANDLE,
                        NOT_HANDLES),
                // "โอนตรง", "โอนมาตรง", "จ่ายนอกแอป", "ลดให้ถ้าโอนนอกระบบ"; not "ไม่รับโอนนอกแอป"
                PatternRule.of("offplatform_payment", 0.9,
                        "(?:โอน|จ่าย|ชำระ)(?:เงิน)?\\s*(?:มา|ให้|เข้า)?\\s*(?:ตรง|โดยตรง|นอก\\s*(?:แอ[ปพ]|ระบบ|แพลตฟอร์ม|เว็บ))").refusable(),
                // "ไม่ผ่านแอป", "ไม่จ่ายผ่านแอป", "ไม่ต้องกดซื้อในแอป"
                PatternRule.of("offplatform_payment", 0.9,
                        "ไม่(?:ต้อง)?\\s*(?:จ่าย|ชำระ|โอน|กด\\S{0,5}|ซื้อ)?\\s*(?:ผ่าน|ใช้|ใน)\\s*(?:แอ[ปพ]|ระบบ|แพลตฟอร์ม|ตัวกลาง|เว็บ)"),
                // "โอนเข้าบัญชีส่วนตัว", "โอนมาเข้าบัญชีกรุงเทพ"
                PatternRule.of("offplatform_payment", 0.85, "(?:โอน|จ่าย|ชำระ)\\S{0,8}\\s*เข้า\\s*(?:บัญชี|บช)").refusable(),
                // "pay me directly", "transfer outside the app", "not through the app", "sell it to you direct"
                PatternRule.of("offplatform_payment", 0.9,
                        "(?<![a-z])(?:pay|paying|transfer|send(?:\\s+the)?\\s+money|payment)(?:\\s+(?:me|it|us|the\\s+money))?\\s+"
                                + "(?:directly|direct|outside|off)(?:\\s+(?:of\\s+)?(?:the\\s+)?(?:app|platform|site|system))?(?![a-z])"
                                + "|(?<![a-z])(?:not|without)\\s+(?:going\\s+)?(?:through|via|using)\\s+(?:the\\s+)?(?:app|platform|site|system)(?![a-z])"
                                + "|(?<![a-z])(?:outside|off)\\s+(?:of\\s+)?the\\s+(?:app|platform)(?![a-z])"
                                + "|(?<![a-z])(?:sell|buy|deal|trade)\\s+(?:it\\s+)?(?:to\\s+you\\s+|with\\s+you\\s+)?direct(?:ly)?(?![a-z])"
                                + "|(?<![a-z])no\\s+in-?app\\s+payment"
                                + "|(?<![a-z])(?:direct\\s+(?:bank\\s+)?transfer|transfer\\s+to\\s+my\\s+(?:bank|account))(?![a-z])").refusable(),
                // PromptPay, bank account numbers, e-wallets, money transfer services
                PatternRule.of("offplatform_payment", 0.85,
                        "พร้อม\\s*เพย์|(?<![a-z])prompt\\s*pay(?![a-z])|ทรู\\s*มันนี่|(?<![a-z])true\\s*money(?![a-z])|"
                                + "เลข\\s*(?:ที่)?\\s*(?:บัญชี|บช)|บัญชีธนาคาร|(?<![a-z])(?:bank\\s+account|account\\s+(?:no|number|#))(?![a-z])|"
                                + "(?<![a-z])(?:western\\s+union|moneygram|paypal\\s+(?:f&f|friends)|venmo|zelle|cash\\s?app|usdt)(?![a-z])").refusable());
    }
}
