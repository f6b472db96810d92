import { can, inScope, scopeOf, type Actor } from './roles.js';

const actor = (over: Partial<Actor>): Actor => ({ id: 'u1', role: 'admin', districtIds: [], departmentId: null, ...over });
const ticket = { districtId: 'd1', departmentId: 'dep1', assigneeId: 'u9' };

describe('roles and scopes', () => {
  it('lets only admins and press secretaries triage and merge', () => {
    expect(can('admin', 'triage')).toBe(true);
    expect(can('press_secretary', 'merge')).toBe(true);
    expect(can('department_head', 'triage')).toBe(false);
    expect(can('governor_office', 'merge')).toBe(false);
  });

  it('lets the governor office read and write notes only', () => {
    expect(can('governor_office', 'read')).toBe(true);
    expect(can('governor_office', 'note')).toBe(true);
    for (const a of ['create', 'triage', 'assign', 'reply_public', 'transition', 'merge'] as const) {
      expect(can('governor_office', a)).toBe(false);
    }
  });

  it('lets department heads assign but not staff or press secretaries', () => {
    expect(can('department_head', 'assign')).toBe(true);
    expect(can('department_staff', 'assign')).toBe(false);
    expect(can('press_secretary', 'assign')).toBe(false);
  });

  it('scopes press secretaries to their districts plus tickets of unknown district', () => {
    const scope = scopeOf(actor({ role: 'press_secretary', districtIds: ['d1', 'd2'] }));
    expect(inScope(scope, ticket)).toBe(true);
    expect(inScope(scope, { ...ticket, districtId: 'd3' })).toBe(false);
    expect(inScope(scope, { ...ticket, districtId: null })).toBe(true);
  });

  it('scopes department heads to their department and staff to their own tickets', () => {
    expect(inScope(scopeOf(actor({ role: 'department_head', departmentId: 'dep1' })), ticket)).toBe(true);
    expect(inScope(scopeOf(actor({ role: 'department_head', departmentId: 'dep2' })), ticket)).toBe(false);
    expect(inScope(scopeOf(actor({ role: 'department_staff', id: 'u9' })), ticket)).toBe(true);
    expect(inScope(scopeOf(actor({ role: 'department_staff', id: 'u8' })), ticket)).toBe(false);
  });

  it('lets admins and the governor office see everything', () => {
    expect(scopeOf(actor({ role: 'admin' }))).toEqual({ kind: 'all' });
    expect(inScope(scopeOf(actor({ role: 'governor_office' })), { districtId: null, departmentId: null, assigneeId: null })).toBe(true);
  });
});
