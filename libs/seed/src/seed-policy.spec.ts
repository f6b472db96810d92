import { ALLOW_DEMO_FLAG, demoSeedMode } from './seed-policy.js';

describe('demo seed in production', () => {
  it('uses the shared demo password outside production (DEMO_PASSWORD if set, never empty)', () => {
    expect(demoSeedMode('development', [], {})).toEqual({ mode: 'shared-password', password: 'tynda-demo' });
    expect(demoSeedMode('test', [], { DEMO_PASSWORD: 'other' })).toEqual({ mode: 'shared-password', password: 'other' });
    expect(demoSeedMode('development', [], { DEMO_PASSWORD: '' })).toEqual({ mode: 'shared-password', password: 'tynda-demo' });
  });

  it('refuses in production, naming the way to insist', () => {
    const refused = demoSeedMode('production', [], { DEMO_PASSWORD: 'tynda-demo' });
    expect(refused.mode).toBe('refuse');
    expect(refused.mode === 'refuse' && refused.reason).toMatch(/--allow-demo-in-production.*SEED_ALLOW_DEMO_IN_PRODUCTION=true/);
  });

  it('gives random passwords in production when told, by flag or by variable', () => {
    expect(demoSeedMode('production', ['node', 'seed.js', ALLOW_DEMO_FLAG], {})).toEqual({ mode: 'random-passwords' });
    expect(demoSeedMode('production', [], { SEED_ALLOW_DEMO_IN_PRODUCTION: 'true' })).toEqual({ mode: 'random-passwords' });
    expect(demoSeedMode('production', [], { SEED_ALLOW_DEMO_IN_PRODUCTION: 'yes' }).mode).toBe('refuse');
  });
});
