-- Orders (current state) and executions, written in the same transaction as the audit_event batch that holds their
-- events, so they are exactly as durable as the journal and can always be rebuilt from it. Prices and quantities
-- are the engine's integers (ticks, lots); the *_decimal views give them in the instrument's units for reports
-- (RTS 24 order records, RTS 22 transactions; compliance.md sections 1 and 3).
CREATE TABLE orders (
  order_id              bigint PRIMARY KEY,          -- OrderID(37), RTS 24 field 20
  cl_ord_id             text NOT NULL,               -- the latest ClOrdID (after a replace)
  orig_cl_ord_id        text,
  session_id            text NOT NULL,
  channel               text NOT NULL,               -- FIX / REST
  account               text NOT NULL,
  firm                  text NOT NULL,
  symbol                text NOT NULL,
  side                  text NOT NULL,               -- BUY / SELL (field 32)
  ord_type              text NOT NULL,               -- field 22
  time_in_force         text NOT NULL,               -- field 10
  price_ticks           bigint,                      -- field 24
  stop_price_ticks      bigint,                      -- field 26
  qty_lots              bigint NOT NULL,             -- field 36 (the latest version's)
  display_qty_lots      bigint,                      -- field 38
  min_qty_lots          bigint,                      -- field 40
  expire_time_us        bigint,                      -- field 12
  post_only             boolean NOT NULL,            -- field 43
  self_trade_prevention text NOT NULL,               -- field 45
  client_id             text,                        -- field 3
  investment_decision   text,                        -- field 4
  execution_decision    text,                        -- field 5
  algo_id               text,
  trading_capacity      text NOT NULL,               -- field 7
  dea                   boolean NOT NULL,            -- field 2
  liquidity_provision   boolean NOT NULL,            -- field 8
  status                text NOT NULL,               -- after the latest event
  cum_qty_lots          bigint NOT NULL,
  leaves_qty_lots       bigint NOT NULL,             -- field 37
  notional_ticks_lots   numeric NOT NULL,            -- sum of fill price x quantity (average price = this / cum)
  received_at_us        bigint NOT NULL,             -- field 19 (acceptance time)
  updated_at_us         bigint NOT NULL,
  last_seq              bigint NOT NULL              -- the journal seq of the latest event applied
);
CREATE INDEX orders_account ON orders (account, order_id);

CREATE TABLE execution (
  exec_id      text PRIMARY KEY,                     -- ExecID(17) of the fill's ExecutionReport
  trade_id     bigint NOT NULL,                      -- TrdMatchID(880), RTS 24 field 48
  order_id     bigint NOT NULL,
  account      text NOT NULL,
  side         text NOT NULL,
  liquidity    text NOT NULL,                        -- MAKER (PASV) / TAKER (AGRE), field 44
  symbol       text NOT NULL,
  price_ticks  bigint NOT NULL,                      -- field 28
  qty_lots     bigint NOT NULL,                      -- field 39
  exec_ts_us   bigint NOT NULL,
  chain_id     smallint NOT NULL,
  seq          bigint NOT NULL,
  UNIQUE (trade_id, liquidity)
);
CREATE INDEX execution_order ON execution (order_id);

CREATE VIEW orders_decimal AS
  SELECT o.*, i.isin, i.currency,
         o.price_ticks * i.tick_size AS limit_price, o.stop_price_ticks * i.tick_size AS stop_price,
         o.qty_lots * i.lot_size AS quantity, o.leaves_qty_lots * i.lot_size AS leaves_quantity,
         o.cum_qty_lots * i.lot_size AS filled_quantity, o.display_qty_lots * i.lot_size AS display_quantity
  FROM orders o JOIN instrument i USING (symbol);

CREATE VIEW execution_decimal AS
  SELECT x.*, i.isin, i.currency, x.price_ticks * i.tick_size AS price, x.qty_lots * i.lot_size AS quantity
  FROM execution x JOIN instrument i USING (symbol);
