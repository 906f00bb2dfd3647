package dev.estimator.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * First start in {@code api-key} mode with no key at all (none stored, none configured): creates an
 * administrator key, prints it once in the log and writes it to {@code estimator.security.admin-key-file},
 * readable only by the service's user. Instances starting together on one database create one key between
 * them (the check and the insert hold a database lock).
 */
@Component
class AdminKeyBootstrap implements ApplicationRunner {

    static final String NAME = "admin";
    private static final Logger log = LoggerFactory.getLogger(AdminKeyBootstrap.class);
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final ApiKeys keys;
    private final SecurityProperties properties;

    AdminKeyBootstrap(ApiKeys keys, SecurityProperties properties) {
        this.keys = keys;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (properties.mode() != SecurityMode.API_KEY || !keys.none()) {
            return;
        }
        CreatedApiKey created = keys.repository().whileLocked(
                () -> keys.none() ? keys.store(NAME, NAME, Role.ADMIN) : null);
        if (created == null) {
            return;
        }
        Path file = properties.adminKeyFile().toAbsolutePath();
        boolean written = write(file, created.key());
        // The one place a key is logged: nobody can read it anywhere else.
        log.warn("No API key existed: created the administrator key {} (owner '{}'). It is shown only now{}. "
                + "Send it as 'Authorization: Bearer <key>'; create other keys with POST /api/v1/keys.",
                created.key(), created.owner(), written ? " and written to " + file + " (readable only by this user)"
                        : "; it could not be written to " + file);
    }

    private static boolean write(Path file, String key) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's permissions are all there is
                Files.createFile(file);
            }
            Files.writeString(file, key + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            return true;
        } catch (FileAlreadyExistsException e) {
            log.warn("Could not write the administrator key file {}: it appeared meanwhile", file);
            return false;
        } catch (IOException e) {
            log.warn("Could not write the administrator key file {}: {}", file, e.toString());
            return false;
        }
    }
}
