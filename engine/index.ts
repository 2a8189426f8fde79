// Public surface of the engine: the matching engine and its queries. The order model is engine/model.
export { MatchingEngine } from './matching-engine';
export type { MatchingEngineOptions } from './matching-engine';
export type { BookDepth, DepthLevel, OrderSnapshot } from './book-inspector';
export { DEFAULT_MARKET_PROTECTION_BPS } from './matcher';
export { nextUtcMidnightUs } from './trading-day';
export { EngineError } from './errors';
export type { EngineErrorCode } from './errors';
