import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Browser, chromium } from 'playwright-core';
import { startTestApp, TestApp, TestWorkspace } from './helpers/test-app';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUTPUT = resolve(__dirname, '../test-output');

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
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  it('authorises with a key and runs GET /v1/me with "Try it out"', async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl.replace('[::1]', '127.0.0.1')}/docs`);
    await page
      .getByRole('button', { name: /Authorize/ })
      .first()
      .click();
    await page.locator('.auth-container input').first().fill(ws.key);
    await page.locator('.auth-btn-wrapper button.authorize').click();
    await page.locator('.auth-btn-wrapper button.btn-done, button.close-modal').first().click();

    const operation = page.locator('#operations-API_keys-Me_me');
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

    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: resolve(OUTPUT, 'swagger-ui-me.png'), fullPage: true });
  });
});
