package io.mercator.nlp.service;

import io.vertx.core.Vertx;

import java.util.concurrent.TimeUnit;

/** The contract against the nlp verticle in this process. */
class EventBusTextAnalysisTest extends TextAnalysisContract {

    private String deployment;

    @Override
    protected TextAnalysis start(Vertx vertx, TextEngine engine) throws Exception {
        deployment = NlpVerticle.deploy(vertx, engine, 2).await(10, TimeUnit.SECONDS);
        return new EventBusTextAnalysis(vertx, 5_000);
    }

    @Override
    protected void stopService() throws Exception {
        vertx.undeploy(deployment).await(10, TimeUnit.SECONDS);
    }
}
