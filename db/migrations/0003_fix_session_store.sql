-- FIX session store: both directions' sequence numbers and every sent application message, so that after a crash a
-- session resumes exactly and a client's ResendRequest is answered from here. A sequence reset starts a new epoch;
-- nothing is deleted (the messages of earlier epochs stay for the audit trail).
CREATE TABLE fix_session (
  session_id      text PRIMARY KEY,          -- BeginString:SenderCompID->TargetCompID (ours first)
  epoch           integer NOT NULL,          -- bumped by every sequence reset
  next_sender_seq bigint NOT NULL CHECK (next_sender_seq >= 1),  -- next MsgSeqNum we send
  next_target_seq bigint NOT NULL CHECK (next_target_seq >= 1),  -- next MsgSeqNum we expect
  epoch_started_at timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE fix_message_out (
  session_id      text NOT NULL,
  epoch           integer NOT NULL,
  seq             bigint NOT NULL,
  msg_type        text NOT NULL,
  sending_time_us bigint NOT NULL,
  body            bytea NOT NULL,           -- the bytes as first sent
  stored_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (session_id, epoch, seq)
);
