import { InitialSchema1764050000000 } from './1764050000000-initial-schema.js';

/** Applied in this order; add new migrations at the end. */
export const MIGRATIONS = [InitialSchema1764050000000];
