-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 14+.

create table users (
    id            uuid                     not null,
    email         varchar(254)             not null,
    -- Lower-cased copies carry the uniqueness, so "Ann@x.io" and "ann@x.io" are one account
    -- and "Admin" cannot impersonate "admin".
    email_key     varchar(254)             not null,
    username      varchar(30)              not null,
    username_key  varchar(30)              not null,
    password_hash varchar(255)             not null,
    created_at    timestamp with time zone not null,
    updated_at    timestamp with time zone not null,
    constraint pk_users primary key (id),
    constraint uk_users_email unique (email_key),
    constraint uk_users_username unique (username_key)
);

create table refresh_tokens (
    id          uuid                     not null,
    user_id     uuid                     not null,
    family_id   uuid                     not null,
    token_hash  varchar(64)              not null,
    created_at  timestamp with time zone not null,
    expires_at  timestamp with time zone not null,
    used_at     timestamp with time zone,
    revoked_at  timestamp with time zone,
    constraint pk_refresh_tokens primary key (id),
    constraint uk_refresh_tokens_hash unique (token_hash),
    constraint fk_refresh_tokens_user foreign key (user_id) references users (id) on delete cascade
);

create index ix_refresh_tokens_family on refresh_tokens (family_id);

create table profiles (
    user_id          uuid                     not null,
    -- 500 code points; a code point is at most two UTF-16 units, which is what H2 counts.
    bio              varchar(1000)            not null,
    picture_media_id uuid,
    version          bigint                   not null,
    created_at       timestamp with time zone not null,
    updated_at       timestamp with time zone not null,
    constraint pk_profiles primary key (user_id),
    constraint fk_profiles_user foreign key (user_id) references users (id) on delete cascade
);
