export { FixOrderEntry } from './fix-order-entry';
export { dropCopyReports, reportsFor, type OutboundContext, type OutboundMessage } from './outbound';
export { translateNewOrderSingle, translateCancel, translateReplace, translateStatusRequest, translateMassCancel, type OrderEntryContext, type Translation } from './inbound';
export { ORD_REJ_REASON, cxlRejReason, cxlRejReasonFor, ordRejReason } from './reject-reasons';
export { attachDropCopy, type DropCopyFeed } from './drop-copy';
