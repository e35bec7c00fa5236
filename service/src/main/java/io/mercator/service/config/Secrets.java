package io.mercator.service.config;

/** Keeps secrets out of logs and error messages. */
final class Secrets {

    private Secrets() {
    }

    static String mask(String secret) {
        return secret == null || secret.isEmpty() ? "<none>" : "<set>";
    }
}
