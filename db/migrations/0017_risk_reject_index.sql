-- A ClOrdID refused by pre-trade risk counts as used on its session that day, as it did before the restart: the
-- refusal has no command record (the engine never saw it), so the start reads the day's RISK_REJECT records. A
-- partial index finds those few rows without reading the journal (the query names the type as a literal).
CREATE INDEX audit_event_risk_rejects ON audit_event (chain_id, event_ts_us) WHERE event_type = 'RISK_REJECT';
