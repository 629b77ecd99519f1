package dev.portrait.media;

import static dev.portrait.SqlTimestamps.utc;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class MediaRepository {

    private static final String MEDIA_COLUMNS = """
            id, uploader_id, original_filename, source_format, upload_bytes, width, height,
            placeholder_color, receipt, views, created_at, deleted_at, purged_at""";

    /** Mapped by hand: this runs on every picture request, and reflective record mapping costs more. */
    private static final RowMapper<RenditionRow> RENDITION = (row, number) -> new RenditionRow(
            row.getObject("media_id", UUID.class),
            row.getString("name"),
            row.getString("blob_key"),
            row.getString("mime_type"),
            row.getInt("byte_size"),
            row.getInt("width"),
            row.getInt("height"),
            row.getString("sha256"));

    private final JdbcClient jdbc;

    MediaRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(MediaRow media, List<RenditionRow> renditions) {
        jdbc.sql("insert into media (" + MEDIA_COLUMNS + """
                        ) values (:id, :uploaderId, :originalFilename, :sourceFormat, :uploadBytes, :width, :height,
                        :placeholderColor, :receipt, :views, :createdAt, :deletedAt, :purgedAt)
                        """)
                .param("id", media.id())
                .param("uploaderId", media.uploaderId())
                .param("originalFilename", media.originalFilename())
                .param("sourceFormat", media.sourceFormat())
                .param("uploadBytes", media.uploadBytes())
                .param("width", media.width())
                .param("height", media.height())
                .param("placeholderColor", media.placeholderColor())
                .param("receipt", media.receipt())
                .param("views", media.views())
                .param("createdAt", utc(media.createdAt()))
                .param("deletedAt", utc(media.deletedAt()))
                .param("purgedAt", utc(media.purgedAt()))
                .update();
        for (RenditionRow rendition : renditions) {
            jdbc.sql("""
                            insert into media_renditions (media_id, name, blob_key, mime_type, byte_size, width, height, sha256)
                            values (:mediaId, :name, :blobKey, :mimeType, :byteSize, :width, :height, :sha256)
                            """).paramSource(rendition).update();
        }
    }

    /** A picture that has not been replaced or removed. */
    Optional<MediaRow> findLive(UUID id) {
        return jdbc.sql("select " + MEDIA_COLUMNS + " from media where id = :id and deleted_at is null")
                .param("id", id)
                .query(MediaRow.class)
                .optional();
    }

    /** One rendition of a picture that has not been replaced or removed. */
    Optional<RenditionRow> findLiveRendition(UUID mediaId, String name) {
        return jdbc.sql("""
                        select r.media_id, r.name, r.blob_key, r.mime_type, r.byte_size, r.width, r.height, r.sha256
                        from media_renditions r join media m on m.id = r.media_id
                        where r.media_id = :mediaId and r.name = :name and m.deleted_at is null
                        """)
                .param("mediaId", mediaId)
                .param("name", name)
                .query(RENDITION)
                .optional();
    }

    List<RenditionRow> renditions(UUID mediaId) {
        return jdbc.sql("""
                        select media_id, name, blob_key, mime_type, byte_size, width, height, sha256
                        from media_renditions where media_id = :mediaId
                        """).param("mediaId", mediaId).query(RENDITION).list();
    }

    /** Marks a live picture deleted; false when it was not live. */
    boolean softDelete(UUID id, Instant now) {
        return jdbc.sql("update media set deleted_at = :now where id = :id and deleted_at is null")
                        .param("now", utc(now))
                        .param("id", id)
                        .update()
                == 1;
    }

    /** PostgreSQL only: sends {@code payload} to the listeners of {@code channel} when the transaction commits. */
    void notify(String channel, String payload) {
        jdbc.sql("select pg_notify(:channel, :payload)")
                .param("channel", channel)
                .param("payload", payload)
                .query()
                .listOfRows();
    }

    /** Pictures deleted before {@code cutoff} whose blobs are still stored, oldest first. */
    List<UUID> findPurgeable(Instant cutoff, int limit) {
        return jdbc.sql("""
                        select id from media where deleted_at < :cutoff and purged_at is null
                        order by deleted_at limit :limit
                        """)
                .param("cutoff", utc(cutoff))
                .param("limit", limit)
                .query(UUID.class)
                .list();
    }

    void markPurged(UUID id, Instant now) {
        jdbc.sql("update media set purged_at = :now where id = :id")
                .param("now", utc(now))
                .param("id", id)
                .update();
    }

    /** Those of {@code blobKeys} that a picture whose blobs are not purged yet still names. */
    Set<String> findReferenced(Collection<String> blobKeys) {
        if (blobKeys.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(
                jdbc.sql("""
                        select r.blob_key from media_renditions r join media m on m.id = r.media_id
                        where r.blob_key in (:keys) and m.purged_at is null
                        """).param("keys", blobKeys).query(String.class).list());
    }

    void addViews(Map<UUID, Long> views) {
        views.forEach((id, count) -> jdbc.sql("update media set views = views + :count where id = :id")
                .param("count", count)
                .param("id", id)
                .update());
    }
}
