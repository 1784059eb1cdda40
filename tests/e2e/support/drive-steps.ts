/**
 * What a user does in a drive view, as steps shared by the browser tests: upload a file larger
 * than one fragment and watch it reach 100%, rename it, download it; run Sync Now and see a change
 * made in Microsoft 365 appear. The page must show the drive view.
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { screenshot } from './browser';

/** Larger than one 10 MiB upload fragment: the upload goes through an upload session. */
export const MULTI_FRAGMENT_BYTES = 12 * 1024 * 1024;

export async function uploadRenameDownload(
  page: Page,
  { name, renamed, shots }: { name: string; renamed: string; shots: [string, string] }
) {
  await page.getByTestId('upload-input').setInputFiles({
    name,
    mimeType: 'application/octet-stream',
    buffer: Buffer.alloc(MULTI_FRAGMENT_BYTES, 7),
  });
  const upload = page.locator(`li[data-upload="${name}"]`);
  await upload.and(page.locator('[data-state="done"]')).waitFor({ timeout: 120_000 });
  await upload.getByText('Uploaded').waitFor();
  await upload.locator('[data-percent="100"]').waitFor();
  const row = page.locator(`tr[data-item="${name}"]`);
  await row.getByRole('button', { name: `Download ${name}` }).waitFor();
  await screenshot(page, shots[0]);

  await row.getByRole('button', { name: `Rename ${name}` }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill(renamed);
  await dialog.getByRole('button', { name: 'Rename' }).click();
  const renamedRow = page.locator(`tr[data-item="${renamed}"]`);
  await renamedRow.waitFor();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    renamedRow.getByRole('button', { name: `Download ${renamed}` }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(renamed);
  expect(fs.statSync(await download.path()).size).toBe(MULTI_FRAGMENT_BYTES);
  await screenshot(page, shots[1]);
}

/** `change` makes a change in Microsoft 365 (the emulator) and names the item it made. */
export async function syncNowShows(page: Page, change: () => Promise<string>, shot: string) {
  const created = await change();
  await page.getByRole('button', { name: 'Drive settings' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Sync Now' }).click();
  await dialog.getByText('Up to date').waitFor({ timeout: 60_000 });
  await dialog.getByRole('tab', { name: 'History' }).click();
  await dialog.getByText('Sync Now').first().waitFor();
  await screenshot(page, shot);
  await dialog.getByRole('button', { name: 'Close' }).last().click();
  await page.locator(`tr[data-item="${created}"]`).waitFor({ timeout: 30_000 });
}
