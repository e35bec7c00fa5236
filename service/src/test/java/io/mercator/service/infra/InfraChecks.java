package io.mercator.service.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks the infra tests apply, written as functions that answer the problems they find, so
 * each can be run on the real files (expecting none) and on a deliberately broken input
 * (expecting the problem to be named).
 */
final class InfraChecks {

    private InfraChecks() {
    }

    // --- settings ------------------------------------------------------------------------------

    /**
     * Every environment variable a setting can be overridden by, mapped to the setting's path:
     * worked out here from defaults.yaml (a leaf's path in UPPER_SNAKE_CASE after MERCATOR_),
     * independently of the loader, because the loader silently ignores variables that match
     * nothing, so a misspelt variable would otherwise go unnoticed.
     */
    static Map<String, String> settingVariables() {
        ObjectMapper yaml = JsonMapper.builder(new YAMLFactory()).build();
        try (InputStream in = InfraChecks.class.getResourceAsStream("/io/mercator/service/config/defaults.yaml")) {
            if (in == null) {
                throw new IllegalStateException("defaults.yaml is not on the test classpath");
            }
            Map<String, String> out = new LinkedHashMap<>();
            collect(yaml.readTree(in), "", out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(JsonNode node, String path, Map<String, String> out) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            String p = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
            if (f.getValue().isObject()) {
                collect(f.getValue(), p, out);
            } else {
                out.put(variableFor(p), p);
            }
        }
    }

    /** {@code store.redis.poolSize} -> {@code MERCATOR_STORE_REDIS_POOL_SIZE}. */
    static String variableFor(String settingPath) {
        StringBuilder sb = new StringBuilder("MERCATOR");
        for (String part : settingPath.split("\\.")) {
            sb.append('_');
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                if (Character.isUpperCase(c) && i > 0) {
                    sb.append('_');
                }
                sb.append(Character.toUpperCase(c));
            }
        }
        return sb.toString();
    }

    /** The MERCATOR_* names among {@code names} that no setting answers to. */
    static List<String> unknownSettingVariables(Iterable<String> names) {
        Map<String, String> known = settingVariables();
        List<String> unknown = new ArrayList<>();
        for (String n : names) {
            if (n.startsWith("MERCATOR_") && !known.containsKey(n)) {
                unknown.add(n);
            }
        }
        return unknown;
    }

    // --- compose -------------------------------------------------------------------------------

    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");

    /**
     * Compose's variable interpolation as the stack would see it with the .env.example values:
     * {@code ${X:-default}} gives the default, {@code ${X}} and {@code ${X:?message}} give the
     * value from {@code env} (and fail when it is missing, as compose does).
     */
    static String interpolate(String value, Map<String, String> env) {
        Matcher m = INTERPOLATION.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String op = m.group(2);
            String v = env.get(name);
            if (v == null || (op != null && op.startsWith(":") && v.isEmpty())) {
                if (op != null && op.endsWith("-")) {
                    v = m.group(3);
                } else {
                    throw new IllegalArgumentException("variable " + name + " is not set"
                            + (op != null && op.endsWith("?") ? ": " + m.group(3) : ""));
                }
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString().replace("$$", "$");
    }

    /** A service's environment, in either of compose's two forms (mapping or KEY=VALUE list). */
    static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode e = service.path("environment");
        if (e.isObject()) {
            e.fields().forEachRemaining(f -> env.put(f.getKey(), f.getValue().isNull() ? "" : f.getValue().asText()));
        } else if (e.isArray()) {
            for (JsonNode item : e) {
                String s = item.asText();
                int eq = s.indexOf('=');
                env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            }
        }
        return env;
    }

    /** Names in a depends_on, in either form (list of names or mapping name -> condition). */
    static List<String> dependsOn(JsonNode service) {
        List<String> out = new ArrayList<>();
        JsonNode d = service.path("depends_on");
        if (d.isArray()) {
            d.forEach(n -> out.add(n.asText()));
        } else if (d.isObject()) {
            d.fieldNames().forEachRemaining(out::add);
        }
        return out;
    }

    static List<String> networks(JsonNode service) {
        List<String> out = new ArrayList<>();
        JsonNode n = service.path("networks");
        if (n.isArray()) {
            n.forEach(x -> out.add(x.asText()));
        } else if (n.isObject()) {
            n.fieldNames().forEachRemaining(out::add);
        }
        return out;
    }

    /** A short-form volume {@code source:target[:mode]}. */
    record Mount(String source, String target) {
        boolean isBind() {
            return source.startsWith(".") || source.startsWith("/");
        }
    }

    static List<Mount> mounts(JsonNode service) {
        List<Mount> out = new ArrayList<>();
        for (JsonNode v : service.path("volumes")) {
            if (v.isTextual()) {
                String[] parts = v.asText().split(":");
                out.add(new Mount(parts[0], parts.length > 1 ? parts[1] : parts[0]));
            } else {
                out.add(new Mount(v.path("source").asText(), v.path("target").asText()));
            }
        }
        return out;
    }

    /** Container-side ports a service publishes ({@code "127.0.0.1:8080:8080"} -> 8080). */
    static List<Integer> publishedContainerPorts(JsonNode service) {
        List<Integer> out = new ArrayList<>();
        for (JsonNode p : service.path("ports")) {
            if (p.isObject()) {
                out.add(p.path("target").asInt());
            } else {
                String s = p.asText();
                String last = s.substring(s.lastIndexOf(':') + 1);
                out.add(Integer.parseInt(last.replaceAll("/.*", "")));
            }
        }
        return out;
    }

    /**
     * Dangling references in a compose file: depends_on naming no service, networks and named
     * volumes not declared at the top level, bind mounts whose source is missing on disk.
     */
    static List<String> composeReferenceProblems(JsonNode compose, Path composeDir) {
        List<String> problems = new ArrayList<>();
        JsonNode services = compose.path("services");
        if (!services.isObject() || services.isEmpty()) {
            problems.add("no services");
            return problems;
        }
        Set<String> serviceNames = new TreeSet<>();
        services.fieldNames().forEachRemaining(serviceNames::add);
        Set<String> networkNames = new TreeSet<>();
        compose.path("networks").fieldNames().forEachRemaining(networkNames::add);
        Set<String> volumeNames = new TreeSet<>();
        compose.path("volumes").fieldNames().forEachRemaining(volumeNames::add);
        services.fields().forEachRemaining(s -> {
            String name = s.getKey();
            JsonNode svc = s.getValue();
            for (String d : dependsOn(svc)) {
                if (!serviceNames.contains(d)) {
                    problems.add(name + " depends on unknown service " + d);
                }
            }
            for (String n : networks(svc)) {
                if (!networkNames.contains(n)) {
                    problems.add(name + " joins undeclared network " + n);
                }
            }
            for (Mount m : mounts(svc)) {
                if (m.isBind()) {
                    if (!Files.exists(composeDir.resolve(m.source()).normalize())) {
                        problems.add(name + " mounts missing path " + m.source());
                    }
                } else if (!volumeNames.contains(m.source())) {
                    problems.add(name + " uses undeclared volume " + m.source());
                }
            }
            if (!svc.has("image") && !svc.has("build")) {
                problems.add(name + " has neither image nor build");
            }
        });
        return problems;
    }

    // --- PromQL and the /metrics scrape ----------------------------------------------------------

    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan", "atan2");
    /** Series Prometheus makes itself for every target; no exporter is expected to have them. */
    static final Set<String> PROMETHEUS_SYNTHETIC = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped");

    private static final Pattern STRING = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'");
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENT = Pattern.compile("(?<![\\w.$])[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SELECTOR = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)");

    /** The metric names a PromQL expression (or a Grafana label_values query) reads. */
    static Set<String> metricNames(String expr) {
        Set<String> names = new LinkedHashSet<>();
        Matcher lv = LABEL_VALUES.matcher(expr);
        while (lv.find()) {
            names.add(lv.group(1));
        }
        String s = LABEL_VALUES.matcher(expr).replaceAll(" ");
        s = STRING.matcher(s).replaceAll(" ");
        s = s.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^\\]]*]", " ");
        s = GROUPING.matcher(s).replaceAll(" ");
        Matcher m = IDENT.matcher(s);
        while (m.find()) {
            String word = m.group();
            String rest = s.substring(m.end()).stripLeading();
            if (rest.startsWith("(") || PROMQL_WORDS.contains(word.toLowerCase(Locale.ROOT))) {
                continue; // a function call or a keyword
            }
            names.add(word);
        }
        return names;
    }

    /** metric -> label names used in its selectors' matchers (and label_values queries). */
    static Map<String, Set<String>> matcherLabels(String expr) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        Matcher lv = LABEL_VALUES.matcher(expr);
        while (lv.find()) {
            out.computeIfAbsent(lv.group(1), k -> new TreeSet<>()).add(lv.group(2));
        }
        Matcher sel = SELECTOR.matcher(STRING.matcher(expr).replaceAll("\"\""));
        while (sel.find()) {
            Matcher lab = MATCHER.matcher(sel.group(2));
            while (lab.find()) {
                out.computeIfAbsent(sel.group(1), k -> new TreeSet<>()).add(lab.group(1));
            }
        }
        return out;
    }

    /** Series name -> every label name seen on it, from Prometheus text format. */
    static Map<String, Set<String>> scrape(String body) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        Pattern label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");
        for (String line : body.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            int end = brace >= 0 && (space < 0 || brace < space) ? brace : space;
            String name = line.substring(0, end);
            Set<String> labels = out.computeIfAbsent(name, k -> new TreeSet<>());
            if (end == brace) {
                Matcher m = label.matcher(line.substring(brace, line.lastIndexOf('}') + 1));
                while (m.find()) {
                    labels.add(m.group(1));
                }
            }
        }
        return out;
    }

    /**
     * What the expressions read that the scrape does not have: "name" for an unknown series,
     * "name{label}" for a label matched on that the series never carries.
     */
    static List<String> missingFromScrape(Iterable<String> exprs, Map<String, Set<String>> exported) {
        Set<String> missing = new TreeSet<>();
        for (String e : exprs) {
            for (String n : metricNames(e)) {
                if (!exported.containsKey(n) && !PROMETHEUS_SYNTHETIC.contains(n)) {
                    missing.add(n);
                }
            }
            matcherLabels(e).forEach((metric, labels) -> {
                Set<String> have = exported.get(metric);
                if (have == null || PROMETHEUS_SYNTHETIC.contains(metric)) {
                    return;
                }
                for (String l : labels) {
                    if (!have.contains(l)) {
                        missing.add(metric + "{" + l + "}");
                    }
                }
            });
        }
        return new ArrayList<>(missing);
    }

    // --- expressions in the monitoring files ---------------------------------------------------

    /** alert name -> expression, from every rule file under infra/prometheus/rules. */
    static Map<String, String> alertExpressions() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Path f : InfraFiles.filesEnding(".yml", ".yaml")) {
            if (!f.startsWith(InfraFiles.infra().resolve("prometheus/rules"))) {
                continue;
            }
            for (JsonNode group : InfraFiles.yaml(f).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    String name = rule.has("alert") ? rule.path("alert").asText() : rule.path("record").asText();
                    out.put(name, rule.path("expr").asText());
                }
            }
        }
        return out;
    }

    /** Every query of every Grafana dashboard: panel targets (rows included) and template variables. */
    static List<String> dashboardQueries() {
        List<String> out = new ArrayList<>();
        for (Path f : InfraFiles.filesEnding(".json")) {
            if (!f.startsWith(InfraFiles.infra().resolve("grafana/dashboards"))) {
                continue;
            }
            JsonNode d = InfraFiles.json(f);
            for (JsonNode p : panels(d)) {
                for (JsonNode t : p.path("targets")) {
                    if (t.hasNonNull("expr")) {
                        out.add(t.path("expr").asText());
                    }
                }
            }
            for (JsonNode v : d.path("templating").path("list")) {
                JsonNode q = v.path("query");
                out.add(q.isObject() ? q.path("query").asText() : q.asText());
            }
        }
        return out;
    }

    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            out.add(p);
            p.path("panels").forEach(out::add);
        }
        return out;
    }
}
