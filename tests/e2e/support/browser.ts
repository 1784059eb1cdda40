import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { EmulatorInfo } from '../../../emulator/src';

export const SCREENSHOTS = path.join(__dirname, '..', 'screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * The base64 SHA-256 of the emulator's certificate public key (its SubjectPublicKeyInfo), read
 * from a TLS handshake that itself verifies the certificate against the emulator's CA.
 */
export function emulatorSpkiHash(emulator: EmulatorInfo): Promise<string> {
  const { hostname, port } = new URL(emulator.graphUrl);
  return new Promise((resolve, reject) => {
    const socket = tls.connect(
      { host: hostname, port: Number(port), servername: hostname, ca: emulator.caPem },
      () => {
        const certificate = socket.getPeerCertificate();
        socket.end();
        resolve(createHash('sha256').update(certificate.pubkey!).digest('base64'));
      }
    );
    socket.once('error', reject);
  });
}

/**
 * Debian's chromium, headless. It trusts exactly the emulator's certificate (by its key hash) for
 * the Microsoft sign-in pages; the plugin's own TLS is untouched (it trusts the CA file).
 */
export async function launchBrowser(emulator: EmulatorInfo): Promise<Browser> {
  const spki = await emulatorSpkiHash(emulator);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--ignore-certificate-errors-spki-list=${spki}`,
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** A dialog's screenshot once its opening animation is over (mid-fade it is half transparent). */
export async function dialogScreenshot(page: Page, name: string): Promise<void> {
  await page
    .getByRole('dialog')
    .evaluate((dialog) =>
      Promise.all(dialog.getAnimations({ subtree: true }).map((animation) => animation.finished))
    );
  await screenshot(page, name);
}

/** Signs in through Strapi's own login form and waits for the home page. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string) {
  await page.goto(`${baseUrl}/admin/auth/login`);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.waitForURL((url) => !url.pathname.includes('/auth/'), { timeout: 60_000 });
}
