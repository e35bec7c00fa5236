package io.mercator.service.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Builds a {@link MercatorConfig} in three layers, merged by vertx-config (a later layer's value
 * wins, mappings merge key by key): the built-in defaults, a YAML file, then {@code MERCATOR_*}
 * environment variables. Then it is bound and validated; a key the defaults do not have is an
 * error (a typo must not silently fall back to a default).
 *
 * <p>Environment variables are named after a setting's path in UPPER_SNAKE_CASE
 * ({@code store.redis.url} is {@code MERCATOR_STORE_REDIS_URL},
 * {@code ranking.components.keyword-recall.budgetMs} is
 * {@code MERCATOR_RANKING_COMPONENTS_KEYWORD_RECALL_BUDGET_MS}). Underscores are both separators and
 * part of names, so a variable is matched against the paths the defaults have; that matching is
 * the one step written here, since vertx-config's env store gives variables flat.
 */
public final class ConfigLoader {

    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory()).build();
    private static final ObjectMapper BINDER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();
    private static final String ENV_PREFIX = "MERCATOR_";

    private ConfigLoader() {
    }

    /** The defaults alone: the embedded way to run. */
    public static MercatorConfig defaults() {
        return load(null, Map.of());
    }

    /**
     * Loads the configuration.
     *
     * @param file YAML file, or null for defaults only
     * @param env  environment variables (pass {@code System.getenv()})
     */
    public static MercatorConfig load(Path file, Map<String, String> env) {
        JsonObject defaults = defaultsTree();
        if (file != null && !Files.isReadable(file)) {
            throw new ConfigException("cannot read config file " + file);
        }
        ConfigRetrieverOptions layers = new ConfigRetrieverOptions().setIncludeDefaultStores(false).setScanPeriod(0)
                .addStore(new ConfigStoreOptions().setType("json").setConfig(defaults));
        if (file != null) {
            layers.addStore(new ConfigStoreOptions().setType("file").setFormat("yaml")
                    .setConfig(new JsonObject().put("path", file.toAbsolutePath().toString())));
        }
        layers.addStore(new ConfigStoreOptions().setType("json").setConfig(environment(defaults, env)));
        JsonObject merged = retrieve(layers, file);
        MercatorConfig config;
        try {
            config = BINDER.readValue(merged.encode(), MercatorConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException("unknown setting '" + path(e.getPath()) + "'");
        } catch (JsonMappingException e) {
            throw new ConfigException("invalid setting at " + path(e.getPath()) + ": " + e.getOriginalMessage(), e);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("invalid configuration: " + e.getMessage(), e);
        }
        ConfigValidation.check(config);
        return config;
    }

    /** Runs the retriever once on a short-lived Vert.x: configuration is read before the service's own starts. */
    private static JsonObject retrieve(ConfigRetrieverOptions layers, Path file) {
        Vertx vertx = Vertx.vertx();
        try {
            return ConfigRetriever.create(vertx, layers).getConfig().toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while reading the configuration", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ConfigException("reading the configuration took over 30 s", e);
        } finally {
            vertx.close();
        }
    }

    private static JsonObject defaultsTree() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream("defaults.yaml")) {
            return new JsonObject(BINDER.writeValueAsString(YAML.readValue(in, Map.class)));
        } catch (IOException e) {
            throw new IllegalStateException("built-in defaults are unreadable", e);
        }
    }

    /**
     * The {@code MERCATOR_*} variables that name a setting of the defaults, as a tree of the same
     * shape. A setting whose default is a list takes a comma-separated value.
     */
    static JsonObject environment(JsonObject defaults, Map<String, String> env) {
        JsonObject out = new JsonObject();
        collect(defaults, new ArrayList<>(), env, out);
        return out;
    }

    private static void collect(JsonObject node, List<String> path, Map<String, String> env, JsonObject out) {
        for (String key : node.fieldNames()) {
            List<String> p = new ArrayList<>(path);
            p.add(key);
            Object value = node.getValue(key);
            if (value instanceof JsonObject child) {
                collect(child, p, env, out);
                continue;
            }
            String set = env.get(envName(p));
            if (set == null) {
                continue;
            }
            JsonObject parent = out;
            for (String part : path) {
                JsonObject next = parent.getJsonObject(part);
                if (next == null) {
                    next = new JsonObject();
                    parent.put(part, next);
                }
                parent = next;
            }
            if (value instanceof JsonArray) {
                JsonArray items = new JsonArray();
                for (String item : set.split(",")) {
                    if (!item.isBlank()) {
                        items.add(item.strip());
                    }
                }
                parent.put(key, items);
            } else {
                // a string: binding converts "8080" or "true" to the setting's type, a knob reads it itself
                parent.put(key, set);
            }
        }
    }

    /**
     * {@code [keywordRecall, elasticsearch, timeoutMs]} -> {@code MERCATOR_KEYWORD_RECALL_ELASTICSEARCH_TIMEOUT_MS};
     * a kebab-case component id's dashes become underscores too.
     */
    static String envName(List<String> path) {
        StringBuilder sb = new StringBuilder(ENV_PREFIX);
        for (int i = 0; i < path.size(); i++) {
            if (i > 0) {
                sb.append('_');
            }
            sb.append(path.get(i).replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('-', '_')
                    .toUpperCase(Locale.ROOT));
        }
        return sb.toString();
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (var r : refs) {
            if (r.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "(top level)" : sb.toString();
    }
}
