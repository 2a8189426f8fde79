-- The MiFID II audit trail (compliance.md sections 1 and 6): one append-only row per order event, hash-chained.
-- Each row's row_hash = sha256(prev_hash || seq (8 bytes) || event_ts_us (8 bytes) || event_type || body); the
-- first row of a chain has 32 zero bytes as prev_hash. UPDATE, DELETE and TRUNCATE are refused by triggers.
CREATE TABLE audit_event (
  chain_id      smallint NOT NULL,
  seq           bigint NOT NULL,
  event_date    date NOT NULL,
  event_ts_us   bigint NOT NULL,
  recorded_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
  event_type    text NOT NULL,
  source        text NOT NULL,
  session_id    text,
  msg_seq_num   bigint,
  direction     char(1),
  order_id      bigint,
  cl_ord_id     text,
  exec_id       text,
  actor_id      text,
  raw_msg       bytea,
  body          bytea NOT NULL,
  body_json     jsonb,
  prev_hash     bytea NOT NULL,
  row_hash      bytea NOT NULL,
  PRIMARY KEY (chain_id, seq)
);
CREATE INDEX audit_event_order ON audit_event (order_id, chain_id, seq);
CREATE INDEX audit_event_date ON audit_event (event_date);

CREATE FUNCTION audit_event_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_immutable();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event FOR EACH STATEMENT EXECUTE FUNCTION audit_event_immutable();
