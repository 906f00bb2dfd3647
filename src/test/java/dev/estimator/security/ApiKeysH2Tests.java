package dev.estimator.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.estimator.database.DatabaseDialect;
import dev.estimator.database.OwnerLocks;

import dev.estimator.web.ApiException;

/**
 * Keys on the embedded database, without an application context. First start with no key: one administrator
 * key, in the log once and in a file only its user can read. Revocation keeps an administrator key.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApiKeysH2Tests {

    @TempDir
    Path dir;

    @Test
    void firstStartCreatesOneAdministratorKeyShownOnce(CapturedOutput output) throws IOException {
        ApiKeyRepository repository = repository();
        Path file = dir.resolve("secrets").resolve("admin-key");
        SecurityProperties properties = properties(file, List.of());
        ApiKeys keys = new ApiKeys(repository, properties, Clock.systemUTC());

        new AdminKeyBootstrap(keys, properties).run(null);

        assertThat(repository.count()).isEqualTo(1);
        String key = Files.readString(file).strip();
        assertThat(key).startsWith("est_");
        assertThat(Files.getPosixFilePermissions(file))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        ApiKeys.Holder holder = keys.authenticate(key).orElseThrow();
        assertThat(holder.role()).isEqualTo(Role.ADMIN);
        assertThat(holder.owner()).isEqualTo("admin");
        assertThat(occurrences(output.getAll(), key)).as("the key in the log").isEqualTo(1);

        // the next start finds a key: nothing new, nothing logged
        new AdminKeyBootstrap(keys, properties).run(null);
        assertThat(repository.count()).isEqualTo(1);
        assertThat(Files.readString(file).strip()).isEqualTo(key);
        assertThat(occurrences(output.getAll(), key)).isEqualTo(1);
        assertThat(output.getAll()).containsOnlyOnce("No API key existed");
    }

    @Test
    void configuredKeysNeedNoFirstStartKey() {
        ApiKeyRepository repository = repository();
        Path file = dir.resolve("admin-key");
        SecurityProperties properties = properties(file, List.of(new SecurityProperties.ConfiguredKey("ops", null,
                "admin", ApiKeys.hash("est_configured-key-of-this-test"))));
        ApiKeys keys = new ApiKeys(repository, properties, Clock.systemUTC());

        new AdminKeyBootstrap(keys, properties).run(null);

        assertThat(repository.count()).isZero();
        assertThat(file).doesNotExist();
        ApiKeys.Holder holder = keys.authenticate("est_configured-key-of-this-test").orElseThrow();
        assertThat(holder.owner()).isEqualTo("ops");
        assertThat(holder.role()).isEqualTo(Role.ADMIN);
        assertThat(keys.authenticate("est_configured-key-of-this-tesT")).isEmpty();
    }

    @Test
    void theLastAdministratorKeyIsKeptUnlessAnotherExists() {
        ApiKeyRepository repository = repository();
        ApiKeys keys = new ApiKeys(repository, properties(dir.resolve("admin-key"), List.of()), Clock.systemUTC());
        CreatedApiKey first = keys.store("first", "ops", Role.ADMIN);
        CreatedApiKey user = keys.store("user", "team", Role.USER);

        assertThatThrownBy(() -> keys.revoke(first.id())).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status().value()).isEqualTo(409);
            assertThat(e.type().toString()).endsWith("/last-admin-key");
        });
        keys.revoke(user.id());
        assertThat(keys.authenticate(user.key())).isEmpty();

        CreatedApiKey second = keys.store("second", "ops", Role.ADMIN);
        keys.revoke(first.id());
        assertThat(keys.authenticate(first.key())).isEmpty();
        assertThat(keys.authenticate(second.key()).orElseThrow().role()).isEqualTo(Role.ADMIN);
        assertThatThrownBy(() -> keys.revoke(first.id())).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status().value()).isEqualTo(404));
    }

    private static SecurityProperties properties(Path file, List<SecurityProperties.ConfiguredKey> keys) {
        return new SecurityProperties(SecurityMode.API_KEY, file, keys, new SecurityProperties.Jwt("roles", "admin"));
    }

    private static ApiKeyRepository repository() {
        DataSource ds = new DriverManagerDataSource("jdbc:h2:mem:keys-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        DatabaseDialect dialect = DatabaseDialect.of(ds);
        return new ApiKeyRepository(JdbcClient.create(ds), dialect,
                new OwnerLocks(JdbcClient.create(ds), new DataSourceTransactionManager(ds), dialect));
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }
}
