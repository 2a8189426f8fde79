-- One row per RTS 24 order event (compliance.md section 1, Table 2): the values as they were at that event, written
-- by the same statement as the audit_event row it mirrors (same chain and seq). With `orders` (the order's static
-- fields) and `instrument` it gives the Table 2 record of every event; the view rts24_order_event lays it out.
CREATE TABLE order_event (
  chain_id           smallint NOT NULL,
  seq                bigint NOT NULL,
  order_id           bigint NOT NULL,
  cl_ord_id          text NOT NULL,          -- the ClOrdID in force at the event (field 20's chain)
  event_code         text NOT NULL,          -- field 21: NEWO, REME, CAME, CAMO, REMA, EXPI, TRIG, PARF, FILL
  event_ts_us        bigint NOT NULL,        -- field 9 (UTC µs)
  status             text NOT NULL,          -- field 33 (the engine's status after the event)
  price_ticks        bigint,                 -- field 24
  stop_price_ticks   bigint,                 -- field 26
  qty_lots           bigint NOT NULL,        -- field 36 (the version in force)
  leaves_qty_lots    bigint NOT NULL,        -- field 37
  display_qty_lots   bigint,                 -- field 38
  traded_qty_lots    bigint,                 -- field 39 (fills)
  trade_price_ticks  bigint,                 -- field 28 (fills)
  liquidity          text,                   -- field 44 (fills): MAKER / TAKER
  trade_id           bigint,                 -- field 48 (fills): TrdMatchID
  PRIMARY KEY (chain_id, seq)
);
CREATE INDEX order_event_order ON order_event (order_id, chain_id, seq);
CREATE INDEX order_event_time ON order_event (event_ts_us);

-- RTS 24 Table 2, one row per event, in the formats of the Annex (codes, decimals, UTC with µs: the times are
-- computed from the integer µs with an interval, never through a double). Fields that come
-- from configuration or data the gateway does not hold yet (1 submitting entity LEI, 6, 11, 13-14 priority, 16
-- segment MIC, 17 order book code, 25, 27, 30, 35, 41-42, 46-47, 49-51) are not in it; a value the client did not
-- give (client id, decision makers) stays null rather than invented.
CREATE VIEW rts24_order_event AS
  SELECT
    e.chain_id, e.seq,
    o.dea                                                         AS f02_dea,
    o.client_id                                                   AS f03_client_id,
    o.investment_decision                                         AS f04_investment_decision,
    COALESCE(o.execution_decision, o.algo_id)                     AS f05_execution_decision,
    o.trading_capacity                                            AS f07_trading_capacity,
    o.liquidity_provision                                         AS f08_liquidity_provision,
    to_char(TIMESTAMP '1970-01-01' + e.event_ts_us * INTERVAL '1 microsecond', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS f09_event_time,
    CASE o.time_in_force WHEN 'DAY' THEN 'DAVY' WHEN 'GTC' THEN 'GTCV' WHEN 'IOC' THEN 'IOCV' WHEN 'FOK' THEN 'FOKV' WHEN 'GTD' THEN 'GTTV' END AS f10_validity_period,
    CASE WHEN o.expire_time_us IS NULL THEN NULL
         ELSE to_char(TIMESTAMP '1970-01-01' + o.expire_time_us * INTERVAL '1 microsecond', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') END AS f12_validity_time,
    e.seq                                                         AS f15_sequence_number,
    i.isin                                                        AS f18_instrument_id,
    to_char(TIMESTAMP '1970-01-01' + o.received_at_us * INTERVAL '1 microsecond', 'YYYY-MM-DD') AS f19_date_of_receipt,
    o.order_id                                                    AS f20_order_id,
    e.cl_ord_id,
    e.event_code                                                  AS f21_event,
    o.ord_type                                                    AS f22_order_type,
    CASE WHEN o.ord_type IN ('STOP', 'STOP_LIMIT') THEN 'STOP' ELSE 'LMTO' END AS f23_order_type_class,
    e.price_ticks * i.tick_size                                   AS f24_limit_price,
    e.stop_price_ticks * i.tick_size                              AS f26_stop_price,
    e.trade_price_ticks * i.tick_size                             AS f28_transaction_price,
    i.currency                                                    AS f29_price_currency,
    'MONE'                                                        AS f31_price_notation,
    CASE o.side WHEN 'BUY' THEN 'BUYI' ELSE 'SELL' END            AS f32_buy_sell,
    CASE WHEN e.status IN ('NEW', 'PARTIALLY_FILLED') THEN 'ACTI' ELSE 'INAC' END AS f33_order_status,
    'UNIT'                                                        AS f34_quantity_notation,
    e.qty_lots * i.lot_size                                       AS f36_initial_quantity,
    e.leaves_qty_lots * i.lot_size                                AS f37_remaining_quantity,
    e.display_qty_lots * i.lot_size                               AS f38_displayed_quantity,
    e.traded_qty_lots * i.lot_size                                AS f39_traded_quantity,
    o.min_qty_lots * i.lot_size                                   AS f40_min_acceptable_quantity,
    o.post_only                                                   AS f43_passive_only,
    CASE e.liquidity WHEN 'MAKER' THEN 'PASV' WHEN 'TAKER' THEN 'AGRE' END AS f44_passive_aggressive,
    o.self_trade_prevention <> 'NONE'                             AS f45_self_execution_prevention,
    e.trade_id                                                    AS f48_tvtic
  FROM order_event e
  JOIN orders o USING (order_id)
  JOIN instrument i ON i.symbol = o.symbol;
