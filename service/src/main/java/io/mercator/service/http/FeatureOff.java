package io.mercator.service.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.util.List;

/**
 * The routes of a feature switched off by configuration (text or image analysis): they stay routed,
 * as the API document says, and answer 404 with the reason. A 503 would read as an outage to
 * monitoring and load balancers; nothing is down, the feature is not on this instance.
 */
public final class FeatureOff {

    private FeatureOff() {
    }

    public static void mount(Router router, List<String> postPaths, String why) {
        String body = new JsonObject().put("error", why).encode();
        for (String path : postPaths) {
            router.post(path).handler(ctx -> ctx.response().setStatusCode(404)
                    .putHeader("content-type", "application/json; charset=utf-8").end(body));
        }
    }
}
