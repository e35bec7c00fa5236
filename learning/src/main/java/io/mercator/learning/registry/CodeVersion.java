package io.mercator.learning.registry;

/**
 * The version of the code that trains a model, recorded on its card: the jar manifest's
 * {@code Implementation-Version} when the learning module runs from a packaged jar, else the
 * {@code mercator.codeVersion} system property (a build or deployment can pass a git commit), else
 * {@code development}.
 */
public final class CodeVersion {

    public static final String PROPERTY = "mercator.codeVersion";

    private CodeVersion() {
    }

    public static String current() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return property;
        }
        String manifest = CodeVersion.class.getPackage().getImplementationVersion();
        return manifest == null || manifest.isBlank() ? "development" : manifest;
    }
}
