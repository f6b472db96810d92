import * as browser from './browser.js';
import * as domain from './index.js';
import * as password from './password.js';
import * as secretBox from './secret-box.js';
import * as webhookSignature from './webhook-signature.js';

describe('the console’s domain (browser.ts)', () => {
  it('exports everything index.ts does but the modules that need Node', () => {
    const nodeOnly = new Set([...Object.keys(password), ...Object.keys(secretBox), ...Object.keys(webhookSignature)]);
    expect(Object.keys(browser).sort()).toEqual(
      Object.keys(domain)
        .filter((name) => !nodeOnly.has(name))
        .sort(),
    );
  });
});
