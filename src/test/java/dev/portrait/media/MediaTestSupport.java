package dev.portrait.media;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Lets API tests in other packages reach the media feature's internals. */
@Component
public class MediaTestSupport {

    private final ViewCounter views;
    private final JdbcClient jdbc;

    MediaTestSupport(ViewCounter views, JdbcClient jdbc) {
        this.views = views;
        this.jdbc = jdbc;
    }

    public void flushViews() {
        views.flush();
    }

    public long views(String mediaId) {
        return jdbc.sql("select views from media where id = :id")
                .param("id", UUID.fromString(mediaId))
                .query(Long.class)
                .single();
    }

    /** How many pictures are live (neither replaced nor removed) for this uploader. */
    public long liveMedia(UUID uploaderId) {
        return jdbc.sql("select count(*) from media where uploader_id = :id and deleted_at is null")
                .param("id", uploaderId)
                .query(Long.class)
                .single();
    }
}
