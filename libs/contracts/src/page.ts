/** A page of a list, oldest or newest first as the list says; `nextCursor` asks for the next one. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A list asked with `count=true` also counts every match over all pages, up to a cap. */
export interface CountedPage<T> extends Page<T> {
  total?: number;
  /** With `total`: more match than were counted (show "10000+"). */
  totalCapped?: boolean;
}
