-- Pre-trade risk limits (issue 6, RTS 6 Art. 15): the limits in force per level (global, firm, account, session),
-- optionally for one instrument, and an append-only audit of every change with who, when, the old and the new
-- limits. The gateway loads risk_limit at start and applies risk_limit_change rows after the last one it saw.
CREATE TABLE risk_limit (
  scope       text NOT NULL CHECK (scope IN ('global', 'firm', 'account', 'session')),
  scope_id    text NOT NULL,
  -- '' = every instrument (the level's general limits)
  symbol      text NOT NULL DEFAULT '',
  limits      jsonb NOT NULL,
  change_id   bigint NOT NULL,
  updated_by  text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (scope, scope_id, symbol)
);

CREATE TABLE risk_limit_change (
  change_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  scope         text NOT NULL CHECK (scope IN ('global', 'firm', 'account', 'session')),
  scope_id      text NOT NULL,
  symbol        text NOT NULL DEFAULT '',
  -- null: there were no limits before / the limits were removed
  old_limits    jsonb,
  new_limits    jsonb,
  changed_by    text NOT NULL,
  reason        text,
  changed_at    timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX risk_limit_change_scope ON risk_limit_change (scope, scope_id, change_id);

CREATE FUNCTION risk_limit_change_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER risk_limit_change_no_update BEFORE UPDATE OR DELETE ON risk_limit_change FOR EACH ROW EXECUTE FUNCTION risk_limit_change_immutable();
CREATE TRIGGER risk_limit_change_no_truncate BEFORE TRUNCATE ON risk_limit_change FOR EACH STATEMENT EXECUTE FUNCTION risk_limit_change_immutable();

-- Kill switches engaged and released (RTS 6 Art. 12), append-only: the latest event of a scope says whether it
-- is engaged. The gateway engages the ones still engaged at start, and picks up new events as they come.
CREATE TABLE risk_kill_event (
  event_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  action      text NOT NULL CHECK (action IN ('KILL', 'RELEASE')),
  scope       text NOT NULL CHECK (scope IN ('global', 'firm', 'account', 'session')),
  -- '*' for global
  scope_id    text NOT NULL,
  actor       text NOT NULL,
  reason      text,
  at          timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE TRIGGER risk_kill_event_no_update BEFORE UPDATE OR DELETE ON risk_kill_event FOR EACH ROW EXECUTE FUNCTION risk_limit_change_immutable();
CREATE TRIGGER risk_kill_event_no_truncate BEFORE TRUNCATE ON risk_kill_event FOR EACH STATEMENT EXECUTE FUNCTION risk_limit_change_immutable();
