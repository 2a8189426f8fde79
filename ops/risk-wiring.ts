import { type Database, openLatches, RiskKillRepository, RiskLimitRepository, RiskReferencePriceRepository } from '../db';
import { RiskDesk } from '../gateway';
import { LiveRiskLimits } from '../risk';
import type { Clock } from './clock';
import type { GatewayConfig } from './config';
import type { Logger } from './log/logger';
import { CHAIN_ID, type OrderWiring } from './order-wiring';

export interface RiskWiring {
  readonly desk: RiskDesk;
  stop(): void;
}

/**
 * The risk desk of the process: stored limits, kill switches and external reference prices loaded before any session
 * is accepted (a kill switch engaged before a restart is still engaged after it, and so is a session the
 * duplicate-order control latched, read from the journal's LATCH records), changes made elsewhere (the CLI) picked up
 * every `risk.refreshMs`, and usage scanned for alerts every `risk.alertScanMs`.
 */
export async function startRiskDesk(config: Readonly<GatewayConfig>, database: Database, orders: OrderWiring, clock: Clock, logger: Logger): Promise<RiskWiring> {
  const nowUs = (): bigint => clock.nowUs();
  const live = new LiveRiskLimits(orders.risk, new RiskLimitRepository(database), nowUs, new RiskKillRepository(database), new RiskReferencePriceRepository(database));
  const desk = new RiskDesk(orders.risk, live, orders.orderPath, orders.journal, nowUs);
  const riskLogger = logger.child({ module: 'risk' });
  const loaded = await desk.load();
  // Sessions the duplicate-order control latched before the restart stay latched until a risk officer releases them.
  const latches = await openLatches(database, CHAIN_ID);
  for (const latch of latches) orders.risk.restoreLatch(latch.sessionId, latch.text);
  riskLogger.info('risk limits loaded', { configured: config.risk.limits.length, stored: loaded.limits, killSwitchesEngaged: loaded.killSwitches, sessionsLatched: latches.map((l) => l.sessionId) });
  let refreshing = false;
  const refresh = setInterval(() => {
    if (refreshing) return;
    refreshing = true;
    desk
      .refresh()
      .catch((e: unknown) => riskLogger.warn('could not read stored risk changes; retrying', { error: e instanceof Error ? e.message : String(e) }))
      .finally(() => {
        refreshing = false;
      });
  }, config.risk.refreshMs);
  const scan = setInterval(() => orders.risk.scanUsage(nowUs()), config.risk.alertScanMs);
  refresh.unref();
  scan.unref();
  return {
    desk,
    stop: () => {
      clearInterval(refresh);
      clearInterval(scan);
    },
  };
}
