import { readFileSync } from 'node:fs';
import { FixDictionary } from './dictionary';
import { FIX42 } from './generated/fix42';
import { FIX44 } from './generated/fix44';
import { FIX50SP2 } from './generated/fix50sp2';
import { FixspecError } from './errors';
import { parseXml, toDictionaryData } from './tools/quickfix-xml';

const cache = new Map<string, FixDictionary>();

/** The standard dictionary of a BeginString: FIX.4.2, FIX.4.4, or FIXT.1.1 (with the FIX.5.0 SP2 application). */
export function dictionaryFor(beginString: string): FixDictionary {
  const cached = cache.get(beginString);
  if (cached !== undefined) return cached;
  const data = beginString === 'FIX.4.2' ? FIX42 : beginString === 'FIX.4.4' ? FIX44 : beginString === 'FIXT.1.1' ? FIX50SP2 : undefined;
  if (data === undefined) throw new FixspecError('GW_ERR_FIXSPEC_UNKNOWN_VERSION', `no dictionary for BeginString ${beginString}; use FIX.4.2, FIX.4.4 or FIXT.1.1`);
  const dictionary = new FixDictionary(data);
  cache.set(beginString, dictionary);
  return dictionary;
}

/**
 * The standard dictionary plus the fields of a custom QuickFIX-format XML file (user-defined tags and values).
 * Only the file's <fields> are taken; messages keep their standard layout, so user-defined tags are accepted
 * where the session allows them (allowFieldsNotInMessage / allowUserDefinedFields) and read by their types.
 */
export function loadCustomDictionary(path: string, beginString: string): FixDictionary {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e: unknown) {
    throw new FixspecError('GW_ERR_FIXSPEC_DICTIONARY_FILE', `cannot read dictionary file ${path}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  try {
    const data = toDictionaryData(parseXml(text), beginString);
    return dictionaryFor(beginString).withFields(data.fields, data.enums);
  } catch (e: unknown) {
    throw new FixspecError('GW_ERR_FIXSPEC_DICTIONARY_FILE', `dictionary file ${path} is not QuickFIX XML: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}
