-- Trades cancelled (busted) or corrected by operations after the fact (FIX Appendix D J; compliance.md: "a bust or
-- correction ... creates CANC (+ NEWT)", and 2017/565 Art. 72: corrections stay visible next to the original). One
-- row per side of each amendment, written by the journal's batch with the audit_event row it mirrors (same chain and
-- seq); the `execution` row of the trade stays as it was made. Append-only.
CREATE TABLE execution_amendment (
  exec_id          text PRIMARY KEY,                 -- ExecID(17) of the amendment's ExecutionReport (Trade Cancel / Trade Correct)
  ref_exec_id      text NOT NULL,                    -- ExecRefID(19): the execution it amends (the trade's, or its last correction's)
  trade_id         bigint NOT NULL,                  -- TrdMatchID(880)
  order_id         bigint NOT NULL,
  liquidity        text NOT NULL,                    -- MAKER / TAKER: which side of the trade
  action           text NOT NULL CHECK (action IN ('cancel', 'correct')),
  was_price_ticks  bigint NOT NULL,
  was_qty_lots     bigint NOT NULL,
  price_ticks      bigint NOT NULL,                  -- as the trade stands after it
  qty_lots         bigint NOT NULL,                  -- 0 for a cancel
  actor            text NOT NULL,
  reason           text NOT NULL,
  exec_ts_us       bigint NOT NULL,
  chain_id         smallint NOT NULL,
  seq              bigint NOT NULL
);
CREATE INDEX execution_amendment_trade ON execution_amendment (trade_id, liquidity, chain_id, seq);

CREATE FUNCTION execution_amendment_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'execution_amendment is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER execution_amendment_no_update BEFORE UPDATE OR DELETE ON execution_amendment FOR EACH ROW EXECUTE FUNCTION execution_amendment_immutable();
CREATE TRIGGER execution_amendment_no_truncate BEFORE TRUNCATE ON execution_amendment FOR EACH STATEMENT EXECUTE FUNCTION execution_amendment_immutable();

-- Every execution as it stands: its price and quantity after its latest amendment, and whether it was cancelled
-- (what a transaction report, RTS 22, reads: a cancelled execution is not reported, or its report is cancelled).
CREATE VIEW execution_as_it_stands AS
  SELECT x.exec_id, x.trade_id, x.order_id, x.account, x.side, x.liquidity, x.symbol,
         COALESCE(a.price_ticks, x.price_ticks) AS price_ticks,
         COALESCE(a.qty_lots, x.qty_lots)       AS qty_lots,
         COALESCE(a.action = 'cancel', false)   AS cancelled,
         a.exec_id                              AS last_amendment_exec_id,
         x.exec_ts_us, x.chain_id, x.seq
  FROM execution x
  LEFT JOIN LATERAL (
    SELECT * FROM execution_amendment m WHERE m.trade_id = x.trade_id AND m.liquidity = x.liquidity ORDER BY m.chain_id DESC, m.seq DESC LIMIT 1
  ) a ON true;
