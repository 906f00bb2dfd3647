package dev.estimator.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.estimator.database.DatabaseDialect;
import dev.estimator.database.OwnerLocks;

/** All SQL of {@code api_key}. */
@Repository
class ApiKeyRepository {

    /** The one lock name of stored keys: administrator keys span owners. */
    private static final String KEYS_LOCK = "api-keys";
    private static final String COLUMNS = "id, name, owner, role, prefix, created_at";

    private final JdbcClient jdbc;
    private final boolean postgres;
    private final OwnerLocks locks;

    ApiKeyRepository(JdbcClient jdbc, DatabaseDialect dialect, OwnerLocks locks) {
        this.jdbc = jdbc;
        this.postgres = dialect.postgres();
        this.locks = locks;
    }

    // the key's fields; hash = hex SHA-256 of the secret
    void insert(ApiKey key, String hash) {
        jdbc.sql("""
                insert into api_key (id, name, owner, role, prefix, hash, created_at)
                values (:id, :name, :owner, :role, :prefix, :hash, :createdAt)""")
                .param("id", key.id()).param("name", key.name()).param("owner", key.owner())
                .param("role", key.role()).param("prefix", key.prefix()).param("hash", hash)
                .param("createdAt", OffsetDateTime.ofInstant(key.createdAt(), ZoneOffset.UTC))
                .update();
    }

    Optional<ApiKey> findByHash(String hash) {
        return jdbc.sql("select " + COLUMNS + " from api_key where hash = :hash").param("hash", hash)
                .query(ApiKeyRepository::key).optional();
    }

    Optional<ApiKey> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from api_key where id = :id").param("id", id)
                .query(ApiKeyRepository::key).optional();
    }

    /** Newest first. */
    List<ApiKey> page(long offset, int limit) {
        return jdbc.sql("select " + COLUMNS + " from api_key order by created_at desc, id desc limit :limit offset :offset")
                .param("limit", limit).param("offset", offset).query(ApiKeyRepository::key).list();
    }

    long count() {
        return jdbc.sql("select count(*) from api_key").query(Long.class).single();
    }

    long countAdmins() {
        return jdbc.sql("select count(*) from api_key where role = 'admin'").query(Long.class).single();
    }

    /**
     * Deletes the key; on PostgreSQL also NOTIFYs its id on {@link KeyRevocations#CHANNEL}, delivered to every
     * instance when the transaction commits, so that they drop it from their caches.
     */
    boolean delete(UUID id) {
        boolean deleted = jdbc.sql("delete from api_key where id = :id").param("id", id).update() > 0;
        if (deleted && postgres) {
            jdbc.sql("select pg_notify(:channel, :id)").param("channel", KeyRevocations.CHANNEL)
                    .param("id", id.toString()).query((rs, n) -> 1).list();
        }
        return deleted;
    }

    boolean onPostgres() {
        return postgres;
    }

    /**
     * Runs {@code work} in a transaction that no other {@code whileLocked}, on this instance or another,
     * overlaps.
     */
    <T> T whileLocked(Supplier<T> work) {
        return locks.whileHolding(OwnerLocks.Purpose.API_KEYS, KEYS_LOCK, work);
    }

    private static ApiKey key(ResultSet rs, int row) throws SQLException {
        return new ApiKey(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("owner"),
                rs.getString("role"), rs.getString("prefix"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
