// Public surface of the marketdata module (design.md): tickers and recent trades from the order path's released events.
export { MarketData, DEFAULT_MAX_TRADES_PER_INSTRUMENT, type MarketDataOptions, type Ticker, type BestPrice, type DepthView, type DepthLevelView, type ReleasedEvent } from './market-data';
export { TradeRing, type RecentTrade } from './trade-ring';
export { MarketDataError, type MarketDataErrorCode } from './errors';
