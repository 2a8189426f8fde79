-- The duplicate-order control's latches (LATCH) and their releases (LATCH_RELEASE) are risk audit events in the
-- journal; at start the sessions latched and not released since are latched again. A partial index finds those
-- few rows without reading the journal (the query names the two types as literals, so its plan can use it).
CREATE INDEX audit_event_latches ON audit_event (chain_id, seq) WHERE event_type IN ('LATCH', 'LATCH_RELEASE');
