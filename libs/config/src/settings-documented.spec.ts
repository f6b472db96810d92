import { existsSync, readFileSync } from 'node:fs';
import { SETTING_NAMES } from './app-config.js';

// Every setting the code reads is documented in both places an operator looks: the table of
// docs/configuration.md and the env file docker-compose.yml loads. Adding a setting without them fails here.
const root = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const ENV_EXAMPLE = 'docker/tynda.env.example';

/** The names in the first column of the docs' settings table (a row may name several: `A`, `B`). */
function documentedNames(markdown: string): Set<string> {
  const rows = markdown.split('\n').filter((line) => line.startsWith('| `'));
  return new Set(rows.flatMap((row) => [...row.split('|')[1]!.matchAll(/`([A-Z0-9_]+)`/g)].map((m) => m[1]!)));
}

/** Settings the env file sets (`NAME=value`, an empty value meaning the default); commented lines do not count. */
function envFileNames(text: string): string[] {
  return text.split('\n').flatMap((line) => /^([A-Z0-9_]+)=/.exec(line)?.[1] ?? []);
}

/** The `env_file` entries of the compose file's shared app block: each path, and whether compose requires it. */
function composeEnvFiles(yaml: string): Array<{ path: string; required: boolean }> {
  const block = /^ {2}env_file:\n((?: {4}.*\n)+)/m.exec(yaml)?.[1] ?? '';
  return [...block.matchAll(/- path: (\S+)\n\s+required: (true|false)/g)].map((m) => ({ path: m[1]!, required: m[2] === 'true' }));
}

describe('every setting is documented', () => {
  it('finds the settings, optional ones included', () => {
    expect(SETTING_NAMES).toEqual(expect.arrayContaining(['DATABASE_URL', 'METRICS_TOKEN', 'WORKER_HTTP_PORT', 'RETENTION_EVERY_MS', 'LOG_LEVEL']));
    // Derived values (getters) are not settings.
    expect(SETTING_NAMES).not.toContain('secretKeyring');
  });

  it('has a row in docs/configuration.md for each', () => {
    const documented = documentedNames(read('docs/configuration.md'));
    expect(SETTING_NAMES.filter((name) => !documented.has(name))).toEqual([]);
  });

  it(`has an entry in ${ENV_EXAMPLE} for each, and no entry for a setting that does not exist`, () => {
    const entries = envFileNames(read(ENV_EXAMPLE));
    expect(SETTING_NAMES.filter((name) => !entries.includes(name))).toEqual([]);
    expect(entries.filter((name) => !SETTING_NAMES.includes(name))).toEqual([]);
    // Each once: a second line would silently win over the first.
    expect(entries.filter((name, i) => entries.indexOf(name) !== i)).toEqual([]);
  });

  it(`is loaded by docker-compose.yml from ${ENV_EXAMPLE}, and every file compose requires exists`, () => {
    const files = composeEnvFiles(read('docker-compose.yml'));
    expect(files).toContainEqual({ path: ENV_EXAMPLE, required: true });
    expect(files.filter((f) => f.required && !existsSync(new URL(f.path, root))).map((f) => f.path)).toEqual([]);
  });
});
