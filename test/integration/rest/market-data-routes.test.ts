import { expect } from 'chai';
import type { LightMyRequestResponse } from 'fastify';
import { JournalWriter, PostgresJournalStore } from '../../../db';
import { MatchingEngine } from '../../../engine';
import { defineInstrument } from '../../../engine/model';
import { JournalBarrier, OrderPath, timerPacing } from '../../../gateway/order-path';
import { marketDataRoutes, orderRoutes, portfolioRoutes, RestOrderDesk } from '../../../gateway/rest';
import { MarketData } from '../../../marketdata';
import { PreTradeRisk } from '../../../risk';
import { databaseBackends } from '../../support/databases';
import { openHarness, type RestHarness } from './rest-harness';

const ACME = defineInstrument({ symbol: 'ACME', currency: 'USD', tickSize: '0.01', lotSize: '1' });
const XBT = defineInstrument({ symbol: 'XBT', currency: 'USD', tickSize: '0.5', lotSize: '0.001' });

interface TickerBody {
  symbol: string;
  lastPrice: string | null;
  trades: number;
  [field: string]: unknown;
}

interface PositionBody {
  account: string;
  symbol: string;
  position: string;
  [field: string]: unknown;
}

for (const backend of databaseBackends()) {
  describe(`REST market data and portfolio (${backend.name})`, function () {
    this.timeout(30_000);
    let rest: RestHarness;
    let engine: MatchingEngine;
    let journal: JournalWriter;
    let orders: RestOrderDesk | undefined;

    beforeEach(async () => {
      engine = new MatchingEngine([ACME, XBT]);
      const risk = new PreTradeRisk(engine);
      const marketData = new MarketData({ instrument: (s) => engine.instrument(s), depth: (s, n) => engine.depth(s, n), symbols: ['ACME', 'XBT'] });
      // The order desk needs the harness's database: the order routes reach it through this proxy.
      const desk = new Proxy({} as RestOrderDesk, {
        get: (_t, name) => {
          const value: unknown = Reflect.get(orders ?? {}, name);
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(orders) : value;
        },
      });
      rest = await openHarness(backend, { routes: [orderRoutes(desk), marketDataRoutes(marketData), portfolioRoutes({ risk, instrument: (s) => engine.instrument(s) })] });
      // The order path runs on the harness's clock, so that trades fall on the day the tickers are asked for.
      const nowUs = (): bigint => BigInt(rest.clock.nowMs) * 1000n;
      journal = await JournalWriter.open(new PostgresJournalStore(rest.db), 1);
      const orderPath = new OrderPath(engine, risk, new JournalBarrier(journal), 1, timerPacing(nowUs));
      orderPath.subscribe(marketData);
      orders = new RestOrderDesk({ orderPath, engine, db: rest.db, nowUs });
    });
    afterEach(async () => {
      await journal.drained();
      await rest.close();
      orders = undefined;
    });

    const limit = (account: string, side: 'BUY' | 'SELL', quantity: string, price: string, symbol = 'ACME') => ({ account, symbol, side, type: 'LIMIT', quantity, price });
    async function place(auth: string, body: unknown): Promise<void> {
      const response = await rest.request('POST', '/api/v1/orders', { auth, body });
      expect(response.statusCode, response.body).to.equal(201);
    }
    const get = (auth: string, url: string): Promise<LightMyRequestResponse> => rest.request('GET', `/api/v1${url}`, { auth });
    const errorOf = (response: LightMyRequestResponse): [number, string] => [response.statusCode, response.json<{ code: string }>().code];

    it('shows tickers after trades: last, the day\'s open, high, low, volume, turnover, VWAP, and the best prices of the book', async () => {
      const seller = await rest.apiKey(['trader'], { accounts: ['A1'] });
      const buyer = await rest.apiKey(['trader'], { accounts: ['A2'] });
      const viewer = await rest.apiKey(['viewer']);
      await place(seller, limit('A1', 'SELL', '10', '5.00'));
      await place(buyer, limit('A2', 'BUY', '4', '5.00'));
      await place(seller, limit('A1', 'SELL', '1', '5.10'));
      await place(buyer, limit('A2', 'BUY', '3', '5.10'));
      await place(buyer, limit('A2', 'BUY', '3', '4.90'));

      const all = await get(viewer, '/tickers');
      expect(all.statusCode, all.body).to.equal(200);
      const tickers = all.json<{ tickers: TickerBody[] }>().tickers;
      expect(tickers.map((t) => t.symbol)).to.deep.equal(['ACME', 'XBT']);
      // The buy of 3 at 5.10 takes 3 of the 6 left at 5.00 (price priority): two trades, both at 5.00.
      expect(tickers[0]).to.deep.equal({
        symbol: 'ACME', currency: 'USD', tradingStatus: 'open', lastPrice: '5.00', lastQty: '3', lastTradeTime: '2030-01-02T09:00:00.000000Z', day: '2030-01-02',
        open: '5.00', high: '5.00', low: '5.00', volume: '7', turnover: '35.00', vwap: '5.000000', trades: 2,
        bestBid: '4.90', bestBidQty: '3', bestAsk: '5.00', bestAskQty: '3',
      });
      expect(tickers[1]).to.include({ symbol: 'XBT', lastPrice: null, day: null, open: null, volume: '0.000', turnover: '0.0000', vwap: null, trades: 0, bestBid: null });

      const one = await get(seller, '/tickers/ACME');
      expect(one.statusCode).to.equal(200);
      expect(one.json()).to.deep.equal(tickers[0]);
      expect(errorOf(await get(seller, '/tickers/NOPE'))).to.deep.equal([404, 'GW_ERR_REST_UNKNOWN_SYMBOL']);

      rest.clock.nowMs += 86_400_000;
      const nextDay = (await get(seller, '/tickers/ACME')).json<TickerBody>();
      expect(nextDay, 'a new UTC day has not traded yet').to.include({ lastPrice: '5.00', day: null, open: null, high: null, volume: '0', turnover: '0.00', vwap: null, trades: 0, bestBid: '4.90' });
    });

    it('gives the latest trades newest first, as many as asked; refuses a bad limit and an unknown symbol', async () => {
      const seller = await rest.apiKey(['trader'], { accounts: ['A1'] });
      const buyer = await rest.apiKey(['trader'], { accounts: ['A2'] });
      const compliance = await rest.apiKey(['compliance']);
      await place(seller, limit('A1', 'SELL', '0.010', '100.5', 'XBT'));
      for (const qty of ['0.001', '0.002', '0.003']) await place(buyer, limit('A2', 'BUY', qty, '100.5', 'XBT'));
      // Takes the 0.004 left at 100.5 and rests 0.001 at 101, which the next sell takes (at the resting price).
      await place(buyer, limit('A2', 'BUY', '0.005', '101', 'XBT'));
      await place(seller, limit('A1', 'SELL', '0.001', '100.5', 'XBT'));

      const response = await get(compliance, '/trades/XBT');
      expect(response.statusCode, response.body).to.equal(200);
      const { symbol, trades } = response.json<{ symbol: string; trades: { tradeId: string; price: string; quantity: string; aggressor: string; time: string }[] }>();
      expect(symbol).to.equal('XBT');
      expect(trades.map((t) => [t.price, t.quantity, t.aggressor])).to.deep.equal([
        ['101.0', '0.001', 'SELL'],
        ['100.5', '0.004', 'BUY'],
        ['100.5', '0.003', 'BUY'],
        ['100.5', '0.002', 'BUY'],
        ['100.5', '0.001', 'BUY'],
      ]);
      const ids = trades.map((t) => Number(t.tradeId));
      expect(ids).to.deep.equal([...ids].sort((a, b) => b - a));
      expect(trades[0]?.time).to.equal('2030-01-02T09:00:00.000000Z');

      const two = await get(compliance, '/trades/XBT?limit=2');
      expect(two.json<{ trades: { tradeId: string }[] }>().trades.map((t) => t.tradeId)).to.deep.equal(trades.slice(0, 2).map((t) => t.tradeId));
      expect((await get(compliance, '/trades/ACME')).json()).to.deep.equal({ symbol: 'ACME', trades: [] });
      expect(errorOf(await get(compliance, '/trades/XBT?limit=0'))).to.deep.equal([400, 'GW_ERR_REST_VALIDATION']);
      expect(errorOf(await get(compliance, '/trades/XBT?limit=1001'))).to.deep.equal([400, 'GW_ERR_REST_VALIDATION']);
      expect(errorOf(await get(compliance, '/trades/XBT?limit=ten'))).to.deep.equal([400, 'GW_ERR_REST_VALIDATION']);
      expect(errorOf(await get(compliance, '/trades/NOPE'))).to.deep.equal([404, 'GW_ERR_REST_UNKNOWN_SYMBOL']);
    });

    it('shows positions, portfolio and day P&L after fills for the caller\'s own accounts, and any account to oversight roles', async () => {
      const a1 = await rest.apiKey(['trader'], { accounts: ['A1'] });
      const a2 = await rest.apiKey(['trader'], { accounts: ['A2'] });
      const viewer = await rest.apiKey(['viewer'], { accounts: ['A1'] });
      const riskOfficer = await rest.apiKey(['risk']);
      await place(a1, limit('A1', 'SELL', '4', '5.00'));
      await place(a2, limit('A2', 'BUY', '4', '5.00'));
      await place(a1, limit('A1', 'SELL', '1', '5.10'));
      await place(a2, limit('A2', 'BUY', '1', '5.10'));
      await place(a1, limit('A1', 'SELL', '2', '6.00'));

      // A1 sold 4 at 5.00 and 1 at 5.10 (cash +25.10) and is short 5 marked at the last trade, 5.10 (-25.50).
      const a1Position = { account: 'A1', symbol: 'ACME', currency: 'USD', position: '-5', openBuyQty: '0', openSellQty: '2', markPrice: '5.10', marketValue: '-25.50', dayPnl: '-0.40' };
      const positions = await get(a1, '/positions');
      expect(positions.statusCode, positions.body).to.equal(200);
      expect(positions.json()).to.deep.equal({ positions: [a1Position] });
      expect((await get(viewer, '/positions?account=A1')).json()).to.deep.equal({ positions: [a1Position] });

      const portfolio = await get(a1, '/portfolio?account=A1');
      expect(portfolio.statusCode, portfolio.body).to.equal(200);
      expect(portfolio.json()).to.deep.equal({
        accounts: [{ account: 'A1', openOrders: 1, tradesToday: 2, positions: [a1Position], totals: [{ currency: 'USD', netValue: '-25.50', grossValue: '25.50', dayPnl: '-0.40' }] }],
      });
      const pnl = await get(a2, '/pnl');
      expect(pnl.statusCode, pnl.body).to.equal(200);
      expect(pnl.json()).to.deep.equal({ accounts: [{ account: 'A2', totals: [{ currency: 'USD', dayPnl: '0.40' }], instruments: [{ symbol: 'ACME', currency: 'USD', dayPnl: '0.40' }] }] });

      for (const url of ['/positions?account=A2', '/portfolio?account=A2', '/pnl?account=A2', '/positions?account=B1']) {
        expect(errorOf(await get(a1, url)), url).to.deep.equal([403, 'GW_ERR_AUTH_ACCOUNT_FORBIDDEN']);
      }
      const anyAccount = await get(riskOfficer, '/positions?account=A2');
      expect(anyAccount.json<{ positions: PositionBody[] }>().positions.map((p) => [p.account, p.symbol, p.position])).to.deep.equal([['A2', 'ACME', '5']]);
      expect((await get(riskOfficer, '/pnl?account=B1')).json(), 'an account without activity').to.deep.equal({ accounts: [{ account: 'B1', totals: [], instruments: [] }] });
      expect(errorOf(await get(riskOfficer, '/portfolio')), 'a gateway-wide role names the account').to.deep.equal([400, 'GW_ERR_REST_VALIDATION']);
      expect(errorOf(await get(riskOfficer, '/positions?account=bad%20id'))).to.deep.equal([400, 'GW_ERR_REST_VALIDATION']);
    });
  });
}
