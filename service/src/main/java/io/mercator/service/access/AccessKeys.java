package io.mercator.service.access;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.mercator.service.config.ConfigException;
import io.mercator.service.config.MercatorConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys this instance accepts, from configuration or secret files only:
 * <ul>
 *   <li>admin keys with roles: {@code admin.apiKey} (role admin, label {@code admin}) and the
 *       entries of {@code admin.keysFile}, a YAML list of {@code {label, role, key}};</li>
 *   <li>client keys for the public endpoints: the entries of {@code http.clientKeysFile}, a YAML
 *       list of {@code {label, key}}; none configured, the public endpoints are open.</li>
 * </ul>
 * The demo, started with no admin key, makes one at first start (role admin, label
 * {@code demo-admin}), keeps it in {@code <data dir>/admin-key} readable by its owner only, and
 * says it once.
 *
 * @param admins           admin keys and their roles
 * @param clients          client keys (the grant is the label again)
 * @param generatedAdminKey the demo key, only on the start that made it: to be shown once
 */
public record AccessKeys(KeyRing<Role> admins, KeyRing<String> clients, Optional<String> generatedAdminKey) {

    public static final String DEMO_KEY_FILE = "admin-key";
    public static final String DEMO_LABEL = "demo-admin";

    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory()).build();

    public static AccessKeys load(MercatorConfig config) {
        KeyRing<Role> admins = configuredAdmins(config);
        try {
            KeyRing<String> clients = new KeyRing<>();
            for (Map<String, String> k : entries(config.http().clientKeysFile(), "http.clientKeysFile")) {
                clients.add(k.get("label"), k.get("key"), k.get("label"));
            }
            Optional<String> generated = Optional.empty();
            if (admins.isEmpty() && config.demo().enabled()) {
                Path file = config.dataPath().resolve(DEMO_KEY_FILE);
                boolean made = !Files.exists(file);
                String key = made ? generate(file) : Files.readString(file, StandardCharsets.UTF_8).strip();
                admins.add(DEMO_LABEL, key, Role.ADMIN);
                generated = made ? Optional.of(key) : Optional.empty();
            }
            return new AccessKeys(admins, clients, generated);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("access keys: " + e.getMessage());
        } catch (IOException e) {
            throw new ConfigException("access keys: cannot read or write a key file: " + e.getMessage(), e);
        }
    }

    /**
     * The admin keys configuration names ({@code admin.apiKey}, {@code admin.keysFile}), never a
     * generated one: what a text or image deployment accepts from the service.
     */
    public static KeyRing<Role> configuredAdmins(MercatorConfig config) {
        KeyRing<Role> admins = new KeyRing<>();
        String apiKey = config.admin().apiKey();
        try {
            if (apiKey != null && !apiKey.isEmpty()) {
                admins.add("admin", apiKey, Role.ADMIN);
            }
            for (Map<String, String> k : entries(config.admin().keysFile(), "admin.keysFile")) {
                String label = k.get("label");
                Role role = Role.of(k.get("role")).orElseThrow(() -> new ConfigException("admin.keysFile: key '"
                        + label + "' needs a role: viewer, moderator or admin"));
                admins.add(label, k.get("key"), role);
            }
            return admins;
        } catch (IllegalArgumentException e) {
            throw new ConfigException("access keys: " + e.getMessage());
        } catch (IOException e) {
            throw new ConfigException("access keys: cannot read a key file: " + e.getMessage(), e);
        }
    }

    private static List<Map<String, String>> entries(String file, String setting) throws IOException {
        if (file == null || file.isBlank()) {
            return List.of();
        }
        Path p = Path.of(file);
        if (!Files.isReadable(p)) {
            throw new ConfigException(setting + ": cannot read " + p);
        }
        List<Map<String, String>> list = YAML.readValue(p.toFile(), new TypeReference<>() {
        });
        return list == null ? List.of() : list;
    }

    private static String generate(Path file) throws IOException {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Files.createDirectories(file.getParent());
        Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the file keeps the directory's permissions
        }
        return key;
    }
}
