-- External reference prices (issue 6, RTS 6 Art. 15(1)(a): price collars "around a reference price"), set by a risk
-- officer or a feed, append-only: the latest event of a symbol is its reference (a null price: none). Risk collars
-- orders around it when a level's collarReference is 'external' and marks positions at it. The gateway loads the
-- latest of each symbol at start and picks up new events as they come, as it does kill switches.
CREATE TABLE risk_reference_price_event (
  event_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  symbol      text NOT NULL,
  -- the price as a decimal at the instrument's scale; null: the reference was withdrawn
  price       numeric CHECK (price > 0),
  actor       text NOT NULL,
  reason      text,
  at          timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX risk_reference_price_symbol ON risk_reference_price_event (symbol, event_id);
CREATE TRIGGER risk_reference_price_event_no_update BEFORE UPDATE OR DELETE ON risk_reference_price_event FOR EACH ROW EXECUTE FUNCTION risk_limit_change_immutable();
CREATE TRIGGER risk_reference_price_event_no_truncate BEFORE TRUNCATE ON risk_reference_price_event FOR EACH STATEMENT EXECUTE FUNCTION risk_limit_change_immutable();
