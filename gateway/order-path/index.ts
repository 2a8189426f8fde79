export { OrderPath, NO_PRE_TRADE_CHECK, ownersOf, rejectedEvent, timerPacing, type PacingClock, type CheckDecision, type PreTradeCheck, type SequencedEvent, type RecoveredEvent, type EventSink, type EventBarrier, type DurableGate } from './order-path';
export { JournalBarrier } from './journal-barrier';
export { FinishedOrders, DEFAULT_FINISHED_ORDERS_PER_SESSION, type FinishedOrder } from './finished-orders';
export { RiskDesk, riskAuditRecord } from './risk-desk';
export { RecentTrades, DEFAULT_RECENT_TRADES, type RecordedTrade } from './recent-trades';
export { amendTrade, amendmentCommand, type TradeAmendmentRequest, type TradeAmendmentResult, type TradeAmendmentRefusal } from './trade-amendments';
