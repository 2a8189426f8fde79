// Public surface of the risk module: pre-trade checks, limits, kill switch, usage and alerts, the limit store port.
export { PreTradeRisk, type PacedRiskDecision, type PreTradeRiskOptions, type ReleaseResult } from './pre-trade-risk';
export type { RiskDecision } from './level-checks';
export { RISK_ROLE } from './risk-limits';
export type { RiskLimits, ScopedLimits, LimitScope, EntityScope, KillScope, RiskActor, RiskAuditEvent, CollarReference, ThrottleMode } from './risk-limits';
export { limitProblems, DUPLICATE_HISTORY } from './compiled-limits';
export { type EngineView, nextUtcMidnightUs } from './risk-state';
export type { LimitUsage, RiskAlert, UsageLimit } from './usage-monitor';
export { RiskError, type RiskErrorCode } from './errors';
export { parseRiskLimits, LIMIT_NAMES } from './limit-parsing';
export { LiveRiskLimits, referencePriceTicks, type RiskLimitStore, type StoredLimitChange, type LimitChangeRequest, type RiskKillStore, type StoredKillEvent, type AppliedChanges, type ReferencePriceStore, type StoredReferencePrice } from './live-limits';
