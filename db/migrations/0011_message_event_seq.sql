-- The gateway event seq each stored ExecutionReport (or drop copy) reports. A session stores its reports while the
-- journal commits their events (in parallel, sending them only once both have committed), so a crash can leave
-- stored reports of events the journal never committed: the restart deletes them (they were never sent; a resend
-- gap-fills their numbers) and lowers fix_session.last_event_seq to the journal's last event. No index: that
-- delete runs only after such a crash (last_event_seq beyond the journal) and walks one session's current epoch.
ALTER TABLE fix_message_out ADD COLUMN event_seq bigint;
