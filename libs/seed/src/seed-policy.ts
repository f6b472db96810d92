/** The flag that lets `npm run seed` create demo accounts in production (with random passwords). */
export const ALLOW_DEMO_FLAG = '--allow-demo-in-production';

export type DemoSeedMode = { mode: 'shared-password'; password: string } | { mode: 'random-passwords' } | { mode: 'refuse'; reason: string };

/**
 * Demo accounts with a published password are an open door in production: there the seed refuses
 * unless told (the flag, or SEED_ALLOW_DEMO_IN_PRODUCTION=true), and then every account gets a
 * random password of its own, printed once.
 */
export function demoSeedMode(nodeEnv: string, argv: readonly string[], env: Record<string, string | undefined>): DemoSeedMode {
  if (nodeEnv !== 'production') return { mode: 'shared-password', password: env.DEMO_PASSWORD || 'tynda-demo' };
  if (argv.includes(ALLOW_DEMO_FLAG) || env.SEED_ALLOW_DEMO_IN_PRODUCTION === 'true') return { mode: 'random-passwords' };
  return {
    mode: 'refuse',
    reason: `NODE_ENV is production: the demo data (37 accounts) is not loaded there. To load it anyway, with a random password per account printed once, run \`npm run seed -- ${ALLOW_DEMO_FLAG}\` or set SEED_ALLOW_DEMO_IN_PRODUCTION=true.`,
  };
}
