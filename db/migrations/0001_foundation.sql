-- Instrument reference data: prices and quantities are integers inside the gateway, in units of these sizes.
CREATE TABLE instrument (
  symbol         text PRIMARY KEY,
  isin           char(12),
  currency       char(3) NOT NULL,
  tick_size      numeric NOT NULL CHECK (tick_size > 0),
  lot_size       numeric NOT NULL CHECK (lot_size > 0),
  trading_status text NOT NULL DEFAULT 'open' CHECK (trading_status IN ('open', 'halted', 'closed')),
  updated_at     timestamptz NOT NULL DEFAULT now()
);

-- Small facts about this gateway instance (its id, the journal writer's chain id, ...).
CREATE TABLE gateway_setting (
  key        text PRIMARY KEY,
  value      text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
