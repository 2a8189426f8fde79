import { GatewayError } from '../../engine/model';

export type OutboxErrorCode = 'GW_ERR_OUTBOX_PUBLISH_FAILED' | 'GW_ERR_OUTBOX_CHAIN_GAP' | 'GW_ERR_OUTBOX_INVALID_OPTION';

/**
 * A fault of the outbox relay: the sink did not take a batch (retried with back-off, never skipped), the journal
 * chain has a hole after the relay's position (waited on, never jumped), or an option or stored position that
 * cannot be used.
 */
export class OutboxError extends GatewayError<OutboxErrorCode> {}
