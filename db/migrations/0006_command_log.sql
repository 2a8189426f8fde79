-- Command records (event_type 'CMD'): what the engine ran and when, read in order at start to rebuild the books.
CREATE INDEX audit_event_commands ON audit_event (chain_id, seq) WHERE event_type = 'CMD';
