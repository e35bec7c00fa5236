package io.mercator.nlp.diversion;

import io.mercator.nlp.Finding;
import io.mercator.nlp.text.TextNormalizer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DiversionDetectorTest {

    private final DiversionDetector detector = new DiversionDetector();

    private List<Finding> find(String text) {
        return detector.find(TextNormalizer.normalize(text));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "โทร 081-234-5678 ได้เลยครับ | phone | 081-234-5678",
            "เบอร์ ๐๘๑๒๓๔๕๖๗๘ ค่ะ | phone | ๐๘๑๒๓๔๕๖๗๘",
            "call zero eight one two three four five six seven eight | phone | zero eight one two three four five six seven eight",
            "ศูนย์แปดหนึ่งสองสามสี่ห้าหกเจ็ดแปด | phone | ศูนย์แปดหนึ่งสองสามสี่ห้าหกเจ็ดแปด",
            "O81-234-5678 | phone | O81-234-5678",
            "0 8 1 . 2 3 4 . 5 6 7 8 | phone | 0 8 1 . 2 3 4 . 5 6 7 8",
            "full width ０８１２３４５６７８ | phone | ０８１２３４５６７８",
            "+66 81 234 5678 | phone | +66 81 234 5678",
            // the span ends at the last digit: the keycap after it is invisible to the detector
            "โทร 0️⃣8️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8️⃣ | phone | 0️⃣8️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8",
            "call o-eight-one-two-three-four-five-six-seven-eight | phone | o-eight-one-two-three-four-five-six-seven-eight",
            "zero eight double one two three triple four five | phone | zero eight double one two three triple four five",
            "เบอร์ ซีโร่ เอท วัน ทู ทรี โฟร์ ไฟว์ ซิกซ์ เซเว่น เอท | phone | ซีโร่ เอท วัน ทู ทรี โฟร์ ไฟว์ ซิกซ์ เซเว่น เอท",
            "ไอดีไลน์ (ตัวเล็กหมด) kb.shop2 | line_id | ไอดีไลน์ (ตัวเล็กหมด) kb.shop2",
            "ไลน์ @ ตามด้วย 77store | line_id | ไลน์ @ ตามด้วย 77store",
            "sold on my line, id is k.a.t.e.s.h.o.p | line_id | line, id is k.a.t.e.s.h.o.p",
            "ทักแอปเขียว ไอดี fernshop | line_id | แอปเขียว ไอดี fernshop",
            "ไอดีอยู่ในรูปสุดท้ายนะคะ | line_id | ไอดีอยู่ในรูป",
            "TG: @gadgetbkk | social | TG: @gadgetbkk",
            "mail me: nok2020 [at] hotmail | email | nok2020 [at] hotmail",
            "เว็บร้าน bestshop ดอท คอม | url | bestshop ดอท คอม",
            "ถ้าโอนเข้าบัญชีส่วนตัวลดให้ | offplatform_payment | โอนเข้าบัญชี",
            "ไลน์ s h o p 9 9 นะคะ | line_id | ไลน์ s h o p 9 9",
            "add line: shop_99 | line_id | line: shop_99",
            "ไอดีไลน์ @myshop | line_id | ไอดีไลน์ @myshop",
            "แอดไลน์มาคุยกันได้ | line_id | แอดไลน์",
            "visit shop dot com now | url | shop dot com",
            "www . myshop . com | url | www . myshop . com",
            "mail me name at gmail dot com | email | name at gmail dot com",
            "ig: vintage.bkk | social | ig: vintage.bkk",
            "ทักเฟสมาได้ค่ะ | social | ทักเฟส",
            "โอนตรงไม่ผ่านแอปลดให้ 200 | offplatform_payment | โอนตรง",
            "please pay me directly by bank transfer | offplatform_payment | pay me directly",
            // a word after the number is not its next digit ("I", "o" look like 1 and 0)
            "text or call +66 89 123 4567, I answer fast | phone | +66 89 123 4567",
            "ring zero nine one, two two three, four five six seven. i am out today | phone | zero nine one, two two three, four five six seven",
            "เบอร์ O9l-22S-B4S6 | phone | O9l-22S-B4S6",
            "มีไลน์ไหมคะ จะส่งรูปให้ดู | line_id | ไลน์ไหม",
            "do you have line? | line_id | do you have line",
            "ขอเบอร์หน่อยครับ | phone | ขอเบอร์",
            "what's your number? I'd rather call | phone | what's your number",
            "ขออีเมลหน่อยค่ะ | email | ขออีเมล",
            "ไลฟ์ขายทุกคืนในติ๊กต็อก | social | ในติ๊กต็อก",
            "link is in my bio | url | link is in my bio",
            "โอนผ่านกสิกรได้เลย | offplatform_payment | โอนผ่านกสิกร",
            "we take bitcoin too | offplatform_payment | bitcoin",
            "เว็บ www•myshop•com | url | www•myshop•com",
            // numbers broken up by words or ellipses, or spelled out without the leading zero
            "ติดต่อ 086 (เว้น) 771 (เว้น) 2345 | phone | 086 (เว้น) 771 (เว้น) 2345",
            "call 092 ... 558 ... 1746 after six | phone | 092 ... 558 ... 1746",
            "เบอร์ เก้าหนึ่ง-สามสองหนึ่ง-เจ็ดเจ็ดแปดแปด เติมศูนย์เอง | phone | เก้าหนึ่ง-สามสองหนึ่ง-เจ็ดเจ็ดแปดแปด",
            // platforms named by colour or one letter, and handles written in Thai
            "รูปเพิ่มเติมอยู่แอปสีฟ้า | social | แอปสีฟ้า",
            "ask me on the green app | line_id | green app",
            "L : baan.plant | line_id | L : baan.plant",
            "ไอจี มิ้นท์ ดอท วินเทจ | social | ไอจี มิ้นท์ ดอท วินเทจ",
            "คุยต่อช่องทางอื่นได้ไหม | social | ช่องทางอื่น",
            "โอนแล้วเขียนว่าค่าขนม จะได้ไม่ติดระบบ | offplatform_payment | โอนแล้วเขียนว่าค่าขนม จะได้ไม่ติดระบบ",
    })
    void findsTheDisguisedContact(String text, String type, String evidence) {
        assertThat(find(text)).as(text).anySatisfy(f -> {
            assertThat(f.type()).isEqualTo(type);
            assertThat(f.evidence()).isEqualTo(evidence);
            assertThat(text.substring(f.start(), f.end())).isEqualTo(evidence);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ไม่ให้ไลน์นะคะ คุยในแชทนี้เท่านั้น",
            "new product line for 2024, I have a line of bags",
            "ชำระผ่านแอปเท่านั้น ไม่รับโอนผ่านธนาคาร",
            "ราคา 12,500 บาท ส่งฟรี", "iPhone 13 Pro 256GB สีดำ", "Galaxy S23 Ultra 12/512", "รุ่น SM-G998B",
            "size 42 เอว 32 นิ้ว", "ขนาด 120x60x75 cm", "ซื้อเมื่อ 12/03/2024 ใช้งาน 2 ปี", "นัดรับ 18.30 น. BTS อ่อนนุช",
            "วิ่ง 45,000 กม. เข้าศูนย์ตลอด", "mileage 120,000 km", "ไลน์สินค้าใหม่ของแบรนด์", "new product line for kids",
            "line of clothing from Japan", "online only, offline store closed", "ชำระผ่านแอปเท่านั้นค่ะ",
            "pay through the app please", "ติดต่อผ่านแชทในแอปได้เลย", "มือสองสภาพดี 90%", "serial 2019 0812 ok",
            "ver 1.5 update", "fb marketplace price is higher", "โทรศัพท์มือถือ Samsung", "IMEI 356938035643809",
            "Clothes line rack, foldable", "Phone reset, WhatsApp and LINE data removed", "หนังสือ Instagram Marketing 101",
            "ไม่รับโอนนอกแอปทุกกรณี", "พร้อมเพย์ไม่รับนะคะ ชำระในแอปเท่านั้น", "ริงไลท์สำหรับไลฟ์ TikTok",
            "see you at the mall at 5", "price at our shop is lower",
            "Size L: chest 40, length 28", "เสื้อสีฟ้า ไซส์ L : อก 40", "Works with other apps like Google Fit",
            "Facebook ชื่อดังรีวิวเยอะ", "ไม่สะดวกคุยช่องทางอื่น แชทในแอปเลยค่ะ", "order 500 ... 1200 baht range",
    })
    void leavesOrdinaryListingTextAlone(String text) {
        assertThat(find(text)).as(text).isEmpty();
    }
}
