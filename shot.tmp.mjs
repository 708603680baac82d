import { chromium } from '@playwright/test';
const [,, url, out, action] = process.argv;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync'] });
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
page.on('console', m => console.log('console:', m.type(), m.text().slice(0, 300)));
page.on('pageerror', e => console.log('pageerror:', e.message));
await page.goto(url);
await page.waitForTimeout(2500);
if (action === 'run') { await page.getByRole('button', { name: 'Run' }).click(); await page.waitForTimeout(2500); }
if (action === 'check') { await page.getByRole('button', { name: 'Check' }).click(); await page.waitForTimeout(3500); }
await page.screenshot({ path: out });
console.log('crossOriginIsolated', await page.evaluate(() => crossOriginIsolated));
await browser.close();
