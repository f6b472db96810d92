import { DomainError } from '../errors.js';
import { Payload } from './payload.js';

/** One change of a Meta webhook delivery (Facebook Page or Instagram), with the entry it came in. */
export interface MetaChange {
  /** The page or Instagram account the entry is about. */
  pageId: string;
  entryTime: Date;
  field: string;
  value: Payload;
}

/** Meta batches: one delivery holds entries, each holding changes; they are returned in order. */
export function metaChanges(body: unknown, object: 'page' | 'instagram', what: string): MetaChange[] {
  const root = Payload.of(body, what);
  const got = root.str('object');
  if (got !== object) throw new DomainError('validation', `${what}: object must be "${object}", got "${got}"`);
  return root.list('entry').flatMap((entry) => {
    const pageId = entry.id('id');
    const entryTime = entry.time('time');
    return entry.list('changes').map((change) => ({ pageId, entryTime, field: change.str('field'), value: change.obj('value') }));
  });
}
