import { TradingCapacity } from './enums';

/**
 * The MiFID II fields an order carries through the engine unchanged (RTS 24 Table 2; see compliance.md).
 * Identifiers are short codes or long codes as the edge received them; the journal maps them.
 */
export interface MifidFields {
  /** Client identification code (field 3): short code, LEI, national id, or AGGR / PNAL. */
  readonly clientId: string | undefined;
  /** Investment decision within firm (field 4): a person's national id or an algo code. */
  readonly investmentDecisionMaker: string | undefined;
  /** Execution within firm (field 5): a person, an algo, or NORE. */
  readonly executionDecisionMaker: string | undefined;
  /** The algorithm that generated the order, when one did. */
  readonly algoId: string | undefined;
  /** Trading capacity (field 7). */
  readonly tradingCapacity: TradingCapacity;
  /** Direct electronic access (field 2). */
  readonly directElectronicAccess: boolean;
  /** Liquidity provision activity (field 8). */
  readonly liquidityProvision: boolean;
}

/** MiFID fields when the edge supplied none: dealing on own account, no DEA, no liquidity provision. */
export const NO_MIFID_FIELDS: MifidFields = Object.freeze({
  clientId: undefined,
  investmentDecisionMaker: undefined,
  executionDecisionMaker: undefined,
  algoId: undefined,
  tradingCapacity: TradingCapacity.DealingOnOwnAccount,
  directElectronicAccess: false,
  liquidityProvision: false,
});
