import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { Browser, chromium } from 'playwright-core';
import { startTestApp, TestApp, TestWorkspace } from './helpers/test-app';

const ROOT = resolve(__dirname, '..');
const OUTPUT = resolve(ROOT, 'test-output');

/**
 * The browser: `CHROMIUM_PATH` if set, else the headless shell the `@sparticuz/chromium` dev
 * dependency carries (unpacked to the temp directory on first use), so `npm test` needs no system
 * package. That package is ESM-only and Jest cannot load it in a suite: a child Node asks it.
 */
async function findChromium(): Promise<{ executablePath: string; args: string[] }> {
  if (process.env.CHROMIUM_PATH) {
    return {
      executablePath: process.env.CHROMIUM_PATH,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    };
  }
  const ask = `import c from '@sparticuz/chromium';
    process.stdout.write(JSON.stringify({ executablePath: await c.executablePath(), args: c.args }));`;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--input-type=module', '-e', ask],
    { cwd: ROOT, timeout: 60_000 },
  );
  return JSON.parse(stdout) as { executablePath: string; args: string[] };
}

/**
 * Launches the browser. On a fresh machine, another test run may be unpacking the same binary
 * into the temp directory at this moment (the package returns the path once the file exists):
 * spawning it then fails with ETXTBSY until the writer closes it, so that is waited out.
 */
async function launchBrowser(): Promise<Browser> {
  const options = await findChromium();
  for (let attempt = 1; ; attempt++) {
    try {
      return await chromium.launch(options);
    } catch (error) {
      if (attempt >= 30 || !String(error).includes('ETXTBSY')) throw error;
      await new Promise((wait) => setTimeout(wait, 1000));
    }
  }
}

// Swagger UI in a real browser: authorise with a key, "Try it out" on GET /v1/me, see the 200.
describe('Swagger UI (browser e2e)', () => {
  let t: TestApp;
  let ws: TestWorkspace;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    t = await startTestApp();
    ws = await t.createWorkspace({ scopes: ['read'] });
    await t.app.listen(0, '127.0.0.1');
    baseUrl = await t.app.getUrl();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  it('authorises with a key and runs GET /v1/me with "Try it out"', async () => {
    const page = await browser.newPage();
    // The page is sent with a Content-Security-Policy: nothing it needs may be blocked by it.
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });
    page.on('pageerror', (error) => blocked.push(error.message));
    const docs = await page.goto(`${baseUrl.replace('[::1]', '127.0.0.1')}/docs`);
    expect(docs?.headers()['content-security-policy']).toBeDefined();
    await page
      .getByRole('button', { name: /Authorize/ })
      .first()
      .click();
    await page.locator('.auth-container input').first().fill(ws.key);
    await page.locator('.auth-btn-wrapper button.authorize').click();
    await page.locator('.auth-btn-wrapper button.btn-done, button.close-modal').first().click();
    // The pasted key lives with the page only, never in the browser's storage.
    // (A string: the browser's globals are not in this file's types.)
    const storage = await page.evaluate<string>(
      'JSON.stringify({ ...localStorage, ...sessionStorage })',
    );
    expect(storage).not.toContain(ws.key);

    // Found by method and path, not by the DOM id (which carries the operationId).
    const operation = page
      .locator('.opblock.opblock-get')
      .filter({ has: page.locator('.opblock-summary-path[data-path="/v1/me"]') });
    await operation.locator('.opblock-summary').click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    await operation.getByRole('button', { name: 'Execute' }).click();
    const status = operation
      .locator('.live-responses-table .response .response-col_status')
      .first();
    await status.waitFor({ timeout: 15_000 });
    expect((await status.innerText()).trim()).toBe('200');
    await expect(
      operation.locator('.live-responses-table .microlight').first().innerText(),
    ).resolves.toContain(ws.id);

    expect(blocked).toEqual([]);

    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: resolve(OUTPUT, 'swagger-ui-me.png'), fullPage: true });
  });
});
