import { pickPolicy, type PolicyCriteria } from './sla-policy-match.js';

const policy = (id: string, over: Partial<PolicyCriteria> = {}): PolicyCriteria => ({
  id,
  categoryCode: null,
  priority: null,
  channel: null,
  isDefault: false,
  createdAt: new Date('2026-01-01T00:00:00Z'),
  ...over,
});
const policies = [
  policy('default', { isDefault: true }),
  policy('urgent', { priority: 'urgent' }),
  policy('land', { categoryCode: 'land' }),
  policy('land-urgent', { categoryCode: 'land', priority: 'urgent' }),
  policy('telegram', { channel: 'telegram' }),
  policy('unset-no-criteria'),
];

describe('SLA policy matching', () => {
  it.each([
    [{ categoryCode: null, priority: 'normal', channel: 'facebook' }, 'default'],
    [{ categoryCode: 'roads', priority: 'urgent', channel: 'facebook' }, 'urgent'],
    [{ categoryCode: 'land', priority: 'normal', channel: 'facebook' }, 'land'],
    [{ categoryCode: 'land', priority: 'urgent', channel: 'telegram' }, 'land-urgent'],
    [{ categoryCode: 'roads', priority: 'normal', channel: 'telegram' }, 'telegram'],
    [{ categoryCode: 'land', priority: 'normal', channel: 'telegram' }, 'land'],
  ] as const)('%o gets %s', (ticket, expected) => {
    expect(pickPolicy(policies, ticket)?.id).toBe(expected);
  });

  it('breaks ties by age, oldest first', () => {
    const older = policy('older', { priority: 'high', createdAt: new Date('2025-01-01T00:00:00Z') });
    const newer = policy('newer', { priority: 'high' });
    expect(pickPolicy([newer, older], { categoryCode: null, priority: 'high', channel: 'vk' })?.id).toBe('older');
  });

  it('finds nothing without a default', () => {
    expect(pickPolicy([policy('land', { categoryCode: 'land' })], { categoryCode: null, priority: 'low', channel: 'vk' })).toBeNull();
  });
});
