-- The gateway event seq of the last ExecutionReport (or drop copy) stored for each session: after a crash between
-- a journal commit and the session store's write, the restart regenerates the reports of the later events.
ALTER TABLE fix_session ADD COLUMN last_event_seq bigint NOT NULL DEFAULT 0;
