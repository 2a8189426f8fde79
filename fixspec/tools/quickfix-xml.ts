/**
 * A reader for QuickFIX-format dictionary XML (the format jspurefix ships and custom dictionaries use). The
 * format is regular: elements with single- or double-quoted attributes, no text content that matters.
 */
import type { DictionaryData, Entry } from '../dictionary-data';

interface Element {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: Element[];
}

const TOKEN = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w:.-]+\s*=\s*(?:'[^']*'|"[^"]*"))*)\s*(\/?)>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g;
const ATTR = /([\w:.-]+)\s*=\s*(?:'([^']*)'|"([^"]*)")/g;

function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

export function parseXml(text: string): Element {
  const root: Element = { name: '#root', attrs: {}, children: [] };
  const stack: Element[] = [root];
  for (const m of text.matchAll(TOKEN)) {
    if (m[2] === undefined) continue;
    const closing = m[1] === '/';
    const name = m[2];
    if (closing) {
      const top = stack.pop();
      if (top === undefined || top.name !== name) throw new Error(`XML: </${name}> does not close <${top?.name ?? '?'}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of (m[3] ?? '').matchAll(ATTR)) attrs[a[1] ?? ''] = decodeEntities(a[2] ?? a[3] ?? '');
    const element: Element = { name, attrs, children: [] };
    const parent = stack[stack.length - 1];
    if (parent === undefined) throw new Error('XML: element outside the root');
    parent.children.push(element);
    if (m[4] !== '/') stack.push(element);
  }
  const fix = root.children.find((c) => c.name === 'fix');
  if (fix === undefined) throw new Error('XML: no <fix> element');
  return fix;
}

function child(element: Element, name: string): Element | undefined {
  return element.children.find((c) => c.name === name);
}

/** Turns a parsed <fix> element into the compact dictionary data the codec loads. */
export function toDictionaryData(fix: Element, beginString: string): DictionaryData {
  const fieldsEl = child(fix, 'fields');
  const tagByName = new Map<string, number>();
  const fields: [number, string, string][] = [];
  const enums: Record<number, string[]> = {};
  const enumNames: Record<number, string[]> = {};
  for (const f of fieldsEl?.children ?? []) {
    if (f.name !== 'field') continue;
    const tag = Number(f.attrs.number);
    const name = f.attrs.name ?? '';
    tagByName.set(name, tag);
    fields.push([tag, name, f.attrs.type ?? 'STRING']);
    const values = f.children.filter((v) => v.name === 'value');
    if (values.length > 0) {
      enums[tag] = values.map((v) => v.attrs.enum ?? '');
      enumNames[tag] = values.map((v) => v.attrs.description ?? '');
    }
  }
  fields.sort((a, b) => a[0] - b[0]);
  const componentIndex = new Map<string, number>();
  const componentEls = (child(fix, 'components')?.children ?? []).filter((c) => c.name === 'component');
  componentEls.forEach((c, i) => componentIndex.set(c.attrs.name ?? '', i));

  const entries = (element: Element): Entry[] =>
    element.children.flatMap((e): Entry[] => {
      const required = e.attrs.required === 'Y' ? 1 : 0;
      const name = e.attrs.name ?? '';
      if (e.name === 'field') return [[0, tagOf(name), required]];
      if (e.name === 'group') return [[1, tagOf(name), required, entries(e)]];
      if (e.name === 'component') {
        const index = componentIndex.get(name);
        if (index === undefined) throw new Error(`unknown component ${name}`);
        return [[2, index, required]];
      }
      return [];
    });
  const tagOf = (name: string): number => {
    const tag = tagByName.get(name);
    if (tag === undefined) throw new Error(`unknown field ${name}`);
    return tag;
  };

  const messages = (child(fix, 'messages')?.children ?? [])
    .filter((m) => m.name === 'message')
    .map((m): [string, string, 'admin' | 'app', Entry[]] => [m.attrs.msgtype ?? '', m.attrs.name ?? '', m.attrs.msgcat === 'admin' ? 'admin' : 'app', entries(m)]);
  return {
    beginString,
    fields,
    enums,
    enumNames,
    components: componentEls.map((c): [string, Entry[]] => [c.attrs.name ?? '', entries(c)]),
    header: entries(child(fix, 'header') ?? { name: 'header', attrs: {}, children: [] }),
    trailer: entries(child(fix, 'trailer') ?? { name: 'trailer', attrs: {}, children: [] }),
    messages,
  };
}
