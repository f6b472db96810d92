/**
 * GeoReport v2's XML: a root element, one element per object of a list, one child element per
 * field in the order the object lists them. A list inside an object (`endpoints`, `formats`,
 * `attributes`, `values`) becomes an element holding one element per item, named as the spec names it.
 */
const ITEM_OF: Record<string, string> = { endpoints: 'endpoint', formats: 'format', attributes: 'attribute', values: 'value' };

// Control characters XML 1.0 cannot carry at all (a resident's text may hold one): dropped.
// eslint-disable-next-line no-control-regex -- these control characters are what must be dropped
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const escape = (s: string): string => s.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function element(name: string, value: unknown): string {
  if (value === null || value === undefined) return `<${name}></${name}>`;
  if (Array.isArray(value)) {
    const item = ITEM_OF[name];
    if (!item) throw new Error(`no XML item name for the list ${name}`);
    return `<${name}>${value.map((v) => element(item, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object') return `<${name}>${fields(value as Record<string, unknown>)}</${name}>`;
  return `<${name}>${escape(String(value))}</${name}>`;
}

const fields = (o: Record<string, unknown>): string =>
  Object.entries(o)
    .map(([k, v]) => element(k, v))
    .join('');

export const XML_CONTENT_TYPE = 'text/xml; charset=utf-8';

/** `root` holding one `item` per object (a list), or the object's own fields (a single document). */
export function toGeoReportXml(root: string, body: unknown, item?: string): string {
  const inner = Array.isArray(body) ? body.map((o) => element(item!, o)).join('') : fields(body as Record<string, unknown>);
  return `<?xml version="1.0" encoding="utf-8"?><${root}>${inner}</${root}>`;
}
