import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { REPO_ROOT as REPO } from '../../../scripts/lib/paths';
import type { GraphJson } from '../../../testkit/emulator-http';

describe('npm run emulator', () => {
  it('prints the EmulatorInfo JSON as its last "{" line and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [
        join(REPO, 'node_modules/tsx/dist/cli.mjs'),
        'emulator/src/cli.ts',
        '--seed',
        'large',
        '--items',
        '1000',
        '--port',
        '0',
        '--quiet',
      ],
      {
        cwd: REPO,
        stdio: ['ignore', 'pipe', 'pipe'],
      }
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const info = await new Promise<GraphJson>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        const line = stdout
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .pop();
        if (line && stdout.endsWith('\n')) resolve(JSON.parse(line));
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    try {
      expect(info.graphUrl).toMatch(/^https:\/\/localhost:\d+\/v1\.0$/);
      expect(info.authority).toBe(`https://localhost:${info.port}/${info.tenantId}`);
      expect(info.controlUrl).toBe(`https://localhost:${info.port}/_control`);
      expect(info.largeDriveId).toMatch(/^b!/);
      expect(info).toMatchObject({
        clientId: expect.any(String),
        clientSecret: expect.any(String),
        caFile: expect.stringMatching(/ca\.pem$/),
      });
      const dispatcher = new Agent({ connect: { ca: info.caPem } });
      const tree = await request(`${info.controlUrl}/drives/${info.largeDriveId}/tree`, {
        dispatcher,
      });
      expect(((await tree.body.json()) as unknown[]).length).toBe(1000);
      await dispatcher.close();
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('takes fault rules, a resource-unit budget and a notification delay as flags', async () => {
    const rules = [{ kind: 'throttle', path: '/delta$', nth: 2, retryAfterSeconds: 4 }];
    const child = spawn(
      process.execPath,
      [
        join(REPO, 'node_modules/tsx/dist/cli.mjs'),
        'emulator/src/cli.ts',
        '--seed',
        'empty',
        '--quiet',
        '--faults',
        JSON.stringify(rules),
        '--throttle-ru',
        '1200',
        '--notify-delay-ms',
        '0',
      ],
      { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] }
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const info = await new Promise<GraphJson>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        if (stdout.startsWith('{') && stdout.endsWith('\n')) resolve(JSON.parse(stdout));
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    const dispatcher = new Agent({ connect: { ca: info.caPem } });
    const get = async (path: string) =>
      (
        await request(`${info.controlUrl}${path}`, { dispatcher })
      ).body.json() as Promise<GraphJson>;
    try {
      expect(await get('/faults')).toEqual([{ ...rules[0], id: '1', matched: 0, injected: 0 }]);
      expect(await get('/throttling')).toEqual({
        resourceUnitsPerMinute: 1200,
        resourceUnitsPerDay: 1_200_000,
        windowSeconds: 60,
        daySeconds: 86_400,
      });
      expect((await get('/notifications')).delayMs).toBe(0);
    } finally {
      await dispatcher.close();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
