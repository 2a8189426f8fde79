-- From now on a session seen for the first time is enrolled at the journal's last event (fix_session.last_event_seq):
-- after a crash, every later event it never stored is reported to it again, even when it had stored none yet.
-- Sessions already known with last_event_seq 0 may have been configured after events they must not be sent: they
-- are put at the journal's last event, which keeps what the restart did for them before (nothing reported again).
UPDATE fix_session
SET last_event_seq = COALESCE(
  (SELECT (convert_from(body, 'UTF8')::jsonb ->> 'gatewaySeq')::bigint FROM audit_event WHERE chain_id = 1 ORDER BY seq DESC LIMIT 1),
  0)
WHERE last_event_seq = 0;
