import { dictionaryFor } from '../../../fixspec';

/**
 * What a FIX version has, read from its standard dictionary (fixspec): whether it has a message type, a field in a
 * message, a value of a field. The session and translation layers ask here rather than naming versions, so that a
 * message sent to a session only holds what its version defines (a counterparty that checks messages, as QuickFIX
 * does by default, rejects anything else).
 */
export function hasMessage(beginString: string, msgType: string): boolean {
  return dictionaryFor(beginString).isKnownMsgType(msgType);
}

export function hasField(beginString: string, msgType: string, tag: number): boolean {
  return dictionaryFor(beginString).message(msgType)?.fields.has(tag) === true;
}

/** `preferred` if the version has it as a value of `tag` (or `tag` takes any value), else the first of `fallbacks` it has. */
export function valueWithin(beginString: string, tag: number, preferred: number, fallbacks: readonly number[]): number {
  const allowed = dictionaryFor(beginString).valuesOf(tag);
  if (allowed === undefined || allowed.has(String(preferred))) return preferred;
  return fallbacks.find((value) => allowed.has(String(value))) ?? preferred;
}
