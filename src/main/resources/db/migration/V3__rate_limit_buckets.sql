-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 14+.

-- The token buckets of the rate limits, shared by every instance on PostgreSQL (Bucket4j's
-- select-for-update proxy reads and writes them). On H2 there is one instance and the buckets
-- live in its memory, so the table stays empty.
create table rate_limit_buckets (
    -- The limiter's name, a colon, then its key (a user id, an account, an address).
    id         varchar(600) not null,
    -- Bucket4j's serialized state; null for a moment while a new bucket is made.
    state      bytea,
    -- Epoch milliseconds after which the bucket would be full again, so forgetting it changes nothing.
    expires_at bigint,
    constraint pk_rate_limit_buckets primary key (id)
);

create index ix_rate_limit_buckets_expires on rate_limit_buckets (expires_at);
