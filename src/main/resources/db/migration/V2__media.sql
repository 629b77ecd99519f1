-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 14+.

-- One uploaded picture. Its bytes never change: a new picture is a new row, so every URL that
-- names a media id can be cached forever.
create table media (
    id                uuid                     not null,
    uploader_id       uuid                     not null,
    -- The client's file name, kept as metadata only; it never reaches a path or an object key.
    original_filename varchar(255),
    source_format     varchar(10)              not null,
    upload_bytes      bigint                   not null,
    -- Of the upload, once turned upright.
    width             integer                  not null,
    height            integer                  not null,
    placeholder_color varchar(7)               not null,
    -- What the pipeline changed, as stable flag names separated by commas.
    receipt           varchar(255)             not null,
    views             bigint                   not null,
    created_at        timestamp with time zone not null,
    -- Set when the picture is replaced or removed: from then on it answers 404.
    deleted_at        timestamp with time zone,
    -- Set when the sweeper has deleted the blobs, once the retention period is over.
    purged_at         timestamp with time zone,
    constraint pk_media primary key (id),
    constraint fk_media_uploader foreign key (uploader_id) references users (id) on delete cascade
);

create index ix_media_deleted on media (deleted_at);

create table media_renditions (
    media_id   uuid        not null,
    -- "original", "512", "150" or "64"
    name       varchar(10) not null,
    blob_key   varchar(40) not null,
    mime_type  varchar(20) not null,
    byte_size  integer     not null,
    width      integer     not null,
    height     integer     not null,
    sha256     varchar(64) not null,
    constraint pk_media_renditions primary key (media_id, name),
    constraint uk_media_renditions_blob unique (blob_key),
    constraint fk_media_renditions_media foreign key (media_id) references media (id) on delete cascade
);

alter table profiles
    add constraint fk_profiles_picture foreign key (picture_media_id) references media (id);
