import { isLiveEvent, reaches, type LiveEvent } from './live-events.js';
import { scopeOf, type Actor } from './roles.js';

const MERKI = 'district-merki';
const ZHUALY = 'district-zhualy';
const LAND = 'department-land';
const actor = (role: Actor['role'], extra: Partial<Actor> = {}): Actor => ({ id: `user-${role}`, role, districtIds: [], departmentId: null, ...extra });
const reader = (a: Actor) => ({ userId: a.id, scope: scopeOf(a) });

const press = actor('press_secretary', { districtIds: [MERKI] });
const head = actor('department_head', { departmentId: LAND });
const staff = actor('department_staff', { departmentId: LAND });
const governor = actor('governor_office');

const ticketEvent = (...scopes: Array<{ districtId: string | null; departmentId: string | null; assigneeId: string | null }>): LiveEvent => ({
  kind: 'ticket.changed',
  ticketId: 't1',
  scopes,
});

describe('who hears a live event', () => {
  it('follows the ticket list: district for press secretaries (and unknown district), department for heads, assignment for staff, all for the governor', () => {
    const inMerki = ticketEvent({ districtId: MERKI, departmentId: LAND, assigneeId: staff.id });
    expect([press, head, staff, governor].map((a) => reaches(inMerki, reader(a)))).toEqual([true, true, true, true]);
    const inZhualy = ticketEvent({ districtId: ZHUALY, departmentId: null, assigneeId: null });
    expect([press, head, staff, governor].map((a) => reaches(inZhualy, reader(a)))).toEqual([false, false, false, true]);
    const unknownDistrict = ticketEvent({ districtId: null, departmentId: null, assigneeId: null });
    expect(reaches(unknownDistrict, reader(press))).toBe(true);
    const otherStaff = actor('department_staff', { id: 'user-other', departmentId: LAND });
    expect(reaches(inMerki, reader(otherStaff))).toBe(false);
  });

  it('reaches the old and the new holders of a ticket that changed hands', () => {
    const handedBack = ticketEvent(
      { districtId: ZHUALY, departmentId: LAND, assigneeId: staff.id },
      { districtId: ZHUALY, departmentId: null, assigneeId: null },
    );
    expect(reaches(handedBack, reader(head))).toBe(true);
    expect(reaches(handedBack, reader(staff))).toBe(true);
    expect(reaches(handedBack, reader(press))).toBe(false);
  });

  it('gives a notification to its addressee only, whatever their scope', () => {
    const notification: LiveEvent = { kind: 'notification.created', ticketId: 't1', userId: staff.id };
    expect(reaches(notification, reader(staff))).toBe(true);
    expect(reaches(notification, reader(governor))).toBe(false);
    expect(reaches(notification, reader(head))).toBe(false);
  });

  it('trusts only well-formed events read back from Redis', () => {
    expect(isLiveEvent({ kind: 'ticket.created', ticketId: 't1', scopes: [{ districtId: null, departmentId: null, assigneeId: null }] })).toBe(true);
    expect(isLiveEvent({ kind: 'notification.created', ticketId: 't1', userId: 'u1' })).toBe(true);
    expect(isLiveEvent({ kind: 'ticket.created', ticketId: 't1' })).toBe(false);
    expect(isLiveEvent({ kind: 'notification.created', ticketId: 't1' })).toBe(false);
    expect(isLiveEvent({ kind: 'ticket.exploded', ticketId: 't1', scopes: [] })).toBe(false);
    expect(isLiveEvent(null)).toBe(false);
  });
});
