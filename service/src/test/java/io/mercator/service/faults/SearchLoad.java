package io.mercator.service.faults;

/** Search requests in Thai and English for known buyers, varied by request number. */
final class SearchLoad {

    private static final String[] QUERIES = {"iphone", "%E0%B8%A1%E0%B8%B7%E0%B8%AD%E0%B8%96%E0%B8%B7%E0%B8%AD",
            "samsung", "nike", "camera", "sofa"};

    private SearchLoad() {
    }

    static String path(int n) {
        return "/search?q=" + QUERIES[n % QUERIES.length] + "&lat=13.75&lon=100.5&limit=20&user_id=user-%06d"
                .formatted(n % 60 + 1);
    }
}
