-- The outbox relay's place in the audit journal: each relay (by name) has published every event of its chain up to
-- and including last_seq. Written only after the sink (Kafka) has acknowledged the batch that ends there, so a restart
-- continues after it and repeats at most that one batch (at-least-once).
CREATE TABLE outbox_position (
  relay_name  text PRIMARY KEY,
  chain_id    smallint NOT NULL,
  last_seq    bigint NOT NULL CHECK (last_seq >= 0),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
