package dev.portrait;

import java.sql.DatabaseMetaData;
import javax.sql.DataSource;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * Which database Portrait runs on. H2 is a file one process holds locked, so an instance on H2 is
 * the only one; on PostgreSQL instances share the database, and what they must agree on (retired
 * pictures, rate limits) goes through it.
 */
public final class Databases {

    private Databases() {}

    /** Whether this is the embedded H2 database, with no other instance beside this one. */
    public static boolean isH2(DataSource dataSource) {
        return "H2".equals(productName(dataSource));
    }

    public static boolean isPostgreSql(DataSource dataSource) {
        return "PostgreSQL".equals(productName(dataSource));
    }

    private static String productName(DataSource dataSource) {
        try {
            return JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
        } catch (MetaDataAccessException ex) {
            throw new IllegalStateException("Cannot tell which database Portrait runs on", ex);
        }
    }
}
