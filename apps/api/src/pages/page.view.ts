import type { PageView as PageContract } from '@app/contracts';
import type { PageEntity } from '@app/database';

/** The contract (libs/contracts) with its instants as Dates. */
export type PageView = PageContract<Date>;

/**
 * The public JSON shape of a page: whether it holds credentials and how its connection stands,
 * never the credentials themselves (they are not even selected: `select: false`).
 */
export function toPageView(p: PageEntity): PageView {
  return {
    id: p.id,
    channel: p.channel,
    externalId: p.externalId,
    districtId: p.districtId,
    departmentId: p.departmentId,
    title: p.title,
    hasCredentials: p.credentialsKeyId !== null && p.credentialsKeyId !== undefined,
    connection: { state: p.connectionState, checkedAt: p.connectionCheckedAt, message: p.connectionMessage },
    reconciliation: { recoveredComments: p.reconciledComments, lastRunAt: p.reconciledAt },
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}
