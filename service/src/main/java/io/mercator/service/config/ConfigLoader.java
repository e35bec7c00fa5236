package io.mercator.service.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a {@link MercatorConfig}: the built-in defaults, overlaid by a YAML file, overlaid by
 * {@code MERCATOR_*} environment variables, then validated. Unknown keys in the file are errors
 * (a typo must not silently fall back to a default).
 */
public final class ConfigLoader {

    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
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
        ObjectNode tree = defaultsTree();
        if (file != null) {
            JsonNode overlay;
            try {
                overlay = YAML.readTree(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
            }
            if (overlay != null && !overlay.isMissingNode() && !overlay.isNull()) {
                if (!overlay.isObject()) {
                    throw new ConfigException("config file " + file + " must hold a YAML mapping");
                }
                merge(tree, (ObjectNode) overlay, "");
            }
        }
        applyEnvironment(tree, env);
        MercatorConfig config;
        try {
            config = YAML.treeToValue(tree, MercatorConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException("unknown setting '" + e.getPropertyName() + "' at " + path(e.getPath()));
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            throw new ConfigException("invalid setting at " + path(e.getPath()) + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigException("invalid configuration: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid configuration: " + e.getMessage(), e);
        }
        ConfigValidation.check(config);
        return config;
    }

    private static ObjectNode defaultsTree() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream("defaults.yaml")) {
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("built-in defaults are unreadable", e);
        }
    }

    /** Deep merge: mappings merge key by key, anything else replaces. */
    private static void merge(ObjectNode base, ObjectNode overlay, String at) {
        Iterator<Map.Entry<String, JsonNode>> fields = overlay.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode existing = base.get(f.getKey());
            if (existing == null) {
                throw new ConfigException("unknown setting '" + at + f.getKey() + "'");
            }
            if (existing.isObject() && f.getValue().isObject()) {
                merge((ObjectNode) existing, (ObjectNode) f.getValue(), at + f.getKey() + ".");
            } else {
                base.set(f.getKey(), f.getValue());
            }
        }
    }

    /** Each leaf of the defaults can be set by MERCATOR_ + its path in UPPER_SNAKE_CASE. */
    private static void applyEnvironment(ObjectNode tree, Map<String, String> env) {
        for (Leaf leaf : leaves(tree, new ArrayList<>())) {
            String value = env.get(leaf.envName());
            if (value == null) {
                continue;
            }
            JsonNode current = leaf.parent().get(leaf.name());
            if (current != null && current.isArray()) {
                ArrayNode arr = JsonNodeFactory.instance.arrayNode();
                for (String part : value.split(",")) {
                    if (!part.isBlank()) {
                        arr.add(part.strip());
                    }
                }
                leaf.parent().set(leaf.name(), arr);
            } else {
                // a string node: binding converts "8080" or "true" to the record component's type
                leaf.parent().set(leaf.name(), TextNode.valueOf(value));
            }
        }
    }

    private record Leaf(ObjectNode parent, String name, String envName) {
    }

    private static List<Leaf> leaves(ObjectNode node, List<String> path) {
        List<Leaf> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            List<String> p = new ArrayList<>(path);
            p.add(f.getKey());
            if (f.getValue().isObject()) {
                out.addAll(leaves((ObjectNode) f.getValue(), p));
            } else {
                out.add(new Leaf(node, f.getKey(), envName(p)));
            }
        }
        return out;
    }

    /** {@code [keywordRecall, elasticsearch, timeoutMs]} -> {@code MERCATOR_KEYWORD_RECALL_ELASTICSEARCH_TIMEOUT_MS}. */
    static String envName(List<String> path) {
        StringBuilder sb = new StringBuilder(ENV_PREFIX);
        for (int i = 0; i < path.size(); i++) {
            if (i > 0) {
                sb.append('_');
            }
            sb.append(path.get(i).replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
        }
        return sb.toString();
    }

    private static String path(List<com.fasterxml.jackson.databind.JsonMappingException.Reference> refs) {
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
