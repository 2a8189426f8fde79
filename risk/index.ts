// Public surface of the risk module: pre-trade checks, limits, kill switch.
export { PreTradeRisk, type RiskDecision } from './pre-trade-risk';
export type { RiskLimits, ScopedLimits, LimitScope, KillScope, RiskActor, RiskAuditEvent } from './risk-limits';
