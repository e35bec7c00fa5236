package io.mercator.recall.analysis;

import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.en.EnglishAnalyzer;

import java.util.ArrayList;
import java.util.List;

/**
 * The word lists the marketplace analyzer uses: a segmentation dictionary of brands and product
 * nouns, and the stop words of both languages.
 *
 * <p>The dictionary exists because the JDK's Thai dictionary does not know transliterated brand
 * names and splits them into syllables (ไนกี้ becomes ไน|กี้, ฟูจิ becomes ฟู|จิ), which then match
 * unrelated words. It was written from marketplace categories, not from the evaluation corpus; it
 * holds only names and product nouns, never phrases such as สภาพดี (that would stop "สภาพ" from
 * matching on its own).
 */
public final class MarketplaceWords {

    private MarketplaceWords() {
    }

    /** Brand names and product nouns kept whole by the Thai segmenter. */
    public static final List<String> SEGMENTATION_DICTIONARY = List.of(
            // phones, computers, cameras, audio, appliances
            "ไอโฟน", "ไอแพด", "แอปเปิ้ล", "แมคบุ๊ก", "ซัมซุง", "หัวเว่ย", "ออปโป้", "วีโว่", "เสียวหมี่", "เรียลมี",
            "โซนี่", "แคนนอน", "นิคอน", "ฟูจิ", "โอลิมปัส", "พานาโซนิค", "ชาร์ป", "โตชิบา", "แอลจี", "ฟิลิปส์",
            "ไดสัน", "เลอโนโว", "เอซุส", "เอเซอร์", "เดลล์", "มาร์แชล", "เจบีแอล", "นินเทนโด", "เพลย์สเตชัน",
            "โน้ตบุ๊ก", "โน้ตบุ๊ค", "แล็ปท็อป", "แท็บเล็ต", "คอมพิวเตอร์", "มือถือ", "หูฟัง", "ลำโพง", "เลนส์",
            "แบตเตอรี่", "ที่ชาร์จ",
            // fashion, watches, beauty, home
            "ไนกี้", "อาดิดาส", "นิวบาลานซ์", "คอนเวิร์ส", "แวนส์", "ยูนิโคล่", "หลุยส์", "ชาแนล", "กุชชี่",
            "พราด้า", "แอร์เมส", "โรเล็กซ์", "คาสิโอ", "ไซโก้", "การ์มิน", "อิเกีย", "เฟอร์นิเจอร์", "โซฟา",
            "กระเป๋า", "รองเท้า", "นาฬิกา", "เครื่องสำอาง", "ลิปสติก", "กันแดด", "รองพื้น", "เซรั่ม",
            // vehicles and collectibles
            "โตโยต้า", "ฮอนด้า", "นิสสัน", "มาสด้า", "อีซูซุ", "มิตซูบิชิ", "ซูซูกิ", "ยามาฮ่า", "คาวาซากิ",
            "เวสป้า", "ฟอร์ด", "เชฟโรเลต", "เบนซ์", "จักรยาน", "มอเตอร์ไซค์", "อะไหล่", "พระเครื่อง");

    /**
     * Thai polite particles and fillers. Deliberately not Lucene's Thai stop list: that one drops
     * ไม่ ("not"), มี ("has") and สุด ("most"), which change what a buyer asks for ("ไม่มีตำหนิ",
     * "no flaws"). Particles end nearly every Thai listing and carry no item information.
     */
    public static final List<String> THAI_STOP_WORDS = List.of(
            "ครับ", "คับ", "ค่ะ", "คะ", "ค่า", "จ้า", "จ้ะ", "จ๊ะ", "นะ", "น้า", "ฮะ", "ฮ่ะ", "เด้อ");

    /** Thai particles plus Lucene's English stop words (articles, prepositions, conjunctions). */
    public static CharArraySet stopWords() {
        List<Object> all = new ArrayList<>(THAI_STOP_WORDS);
        all.addAll(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
        return CharArraySet.unmodifiableSet(new CharArraySet(all, false));
    }

    public static CharArraySet segmentationDictionary() {
        return CharArraySet.unmodifiableSet(new CharArraySet(SEGMENTATION_DICTIONARY, false));
    }
}
