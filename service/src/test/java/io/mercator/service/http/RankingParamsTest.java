package io.mercator.service.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RankingParamsTest {

    @Test
    void shouldParseAFullFeedRequest() throws Exception {
        RankingParams p = RankingParams.parse("user_id=U-12&lat=13.75&lon=100.5&limit=30&explain=true&device=ios", false);
        assertThat(p).isEqualTo(new RankingParams("U-12", 13.75, 100.5, 30, null, true, "ios"));
    }

    @Test
    void shouldUseDefaultsForAnAnonymousFeed() throws Exception {
        assertThat(RankingParams.parse("", false)).isEqualTo(new RankingParams(null, null, null, 20, null, false, null));
    }

    @Test
    void shouldDecodeAThaiQuery() throws Exception {
        // "รถ" (car) percent-encoded as UTF-8, plus a space as '+'
        RankingParams p = RankingParams.parse("q=%E0%B8%A3%E0%B8%96+honda&lat=13.7&lon=100.5", true);
        assertThat(p.query()).isEqualTo("รถ honda");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "lon=100.5                          | lat is missing",
            "lat=13.7                           | lon is missing",
            "lat=abc&lon=100.5                  | lat must be a decimal number",
            "lat=NaN&lon=100.5                  | lat must be a finite number",
            "lat=48.8&lon=2.35                  | outside the marketplace's area",
            "limit=0                            | limit must be in 1..100",
            "limit=101                          | limit must be in 1..100",
            "limit=ten                          | limit must be an integer",
            "user_id=a%20b                      | user_id must be",
            "explain=yes                        | explain must be true or false",
            "device=fridge                      | device must be one of",
            "q=%ZZ                              | broken percent escape",
            "q=abc%E                            | broken percent escape",
            "q=%E0%B8                           | not valid UTF-8",
            "q=%C3%28                           | not valid UTF-8",
            "lat=13.7&lat=14&lon=100.5          | parameter 'lat' is given more than once",
            "limit=5&lon=100.5&lat=13.7&limit=5 | parameter 'limit' is given more than once",
    })
    void shouldRejectBadFeedParametersWithAMessage(String query, String message) {
        assertThatThrownBy(() -> RankingParams.parse(query, false))
                .isInstanceOf(RankingParams.Invalid.class).hasMessageContaining(message);
    }

    @Test
    void shouldRequireAndBoundTheSearchQuery() {
        assertThatThrownBy(() -> RankingParams.parse("lat=13.7&lon=100.5", true)).hasMessageContaining("q is required");
        assertThatThrownBy(() -> RankingParams.parse("q=%20%20", true)).hasMessageContaining("q is required");
        assertThatThrownBy(() -> RankingParams.parse("q=" + "a".repeat(201), true)).hasMessageContaining("longer than 200");
    }

    @Test
    void shouldCountThaiCharactersNotBytesForTheQueryLength() throws Exception {
        String twoHundredThai = "%E0%B8%81".repeat(200); // 200 x "ก": 600 bytes, 200 characters
        assertThat(RankingParams.parse("q=" + twoHundredThai, true).query()).hasSize(200);
    }
}
