-- REST API authentication and authorisation: firms and their accounts, console users (password + TOTP), API keys,
-- revoked JWTs, login failures for lockout, and stored first responses for Idempotency-Key.
-- Times the gateway reasons about (lockout, expiry) are epoch milliseconds from its injected clock.

CREATE TABLE firm (
  firm_id    text PRIMARY KEY,
  name       text NOT NULL,
  lei        char(20),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE account (
  account_id text PRIMARY KEY,
  firm_id    text NOT NULL REFERENCES firm (firm_id),
  name       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX account_firm_idx ON account (firm_id);

CREATE TABLE app_user (
  user_id        text PRIMARY KEY,
  username       text NOT NULL UNIQUE,
  password_hash  text NOT NULL,                -- scrypt$N$r$p$saltB64$hashB64
  roles          text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['trader', 'viewer', 'risk', 'compliance', 'admin']),
  firm_id        text REFERENCES firm (firm_id),
  accounts       text[] NOT NULL DEFAULT '{}',  -- accounts a trader or viewer acts for
  totp_secret    text,                          -- base32; pending until totp_confirmed
  totp_confirmed boolean NOT NULL DEFAULT false,
  totp_last_step bigint,                        -- last accepted RFC 6238 time step: a code is never accepted twice
  disabled       boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE mfa_recovery_code (
  user_id    text NOT NULL REFERENCES app_user (user_id) ON DELETE CASCADE,
  code_hash  text NOT NULL,                     -- sha256 hex; the code itself is shown once
  used_at    timestamptz,
  PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE api_key (
  key_id        text PRIMARY KEY,
  label         text NOT NULL,
  secret_hash   text NOT NULL,                  -- sha256 hex of the secret; the secret is shown once
  roles         text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['trader', 'viewer', 'risk', 'compliance', 'admin']),
  firm_id       text REFERENCES firm (firm_id),
  accounts      text[] NOT NULL DEFAULT '{}',
  ip_allow_list text[] NOT NULL DEFAULT '{}',   -- addresses or CIDR blocks; empty = any
  created_by    text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz
);

CREATE TABLE revoked_token (
  jti           text PRIMARY KEY,
  expires_at_ms bigint NOT NULL,                -- after this the token is dead anyway: the row may be purged
  revoked_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE auth_failure (
  subject            text PRIMARY KEY,          -- "user:<username>" or "ip:<address>"
  failures           integer NOT NULL,
  last_failure_at_ms bigint NOT NULL,
  locked_until_ms    bigint
);

CREATE TABLE idempotency_key (
  principal       text NOT NULL,               -- "apiKey:<keyId>" or "user:<userId>"
  idempotency_key text NOT NULL,
  request_hash    text NOT NULL,
  status_code     integer,                     -- null while the first request is still being served
  response        jsonb,
  created_at_ms   bigint NOT NULL,
  PRIMARY KEY (principal, idempotency_key)
);
