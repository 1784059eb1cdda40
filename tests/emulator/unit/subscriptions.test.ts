import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { issueCertificate } from '../../../emulator/src';
import {
  appToken,
  http,
  type GraphJson,
  startHttpEmulator,
  type HttpEmulator,
} from '../../../testkit/emulator-http';

type Behaviour = 'echo' | 'wrong-token' | 'json' | 'slow';

/** A notification receiver behind a TLS front whose certificate comes from the emulator's CA. */
class Receiver {
  readonly notifications: GraphJson[] = [];
  readonly validations: string[] = [];
  behaviour: Behaviour = 'echo';
  /** Answer 500 to this many notifications before accepting them. */
  failNext = 0;
  private server!: Server;
  url = '';

  async start(certificate: { keyPem: string; certPem: string }): Promise<void> {
    this.server = createServer(
      { key: certificate.keyPem, cert: certificate.certPem },
      (req, res) => {
        const url = new URL(req.url ?? '/', 'https://localhost');
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', async () => {
          const validationToken = url.searchParams.get('validationToken');
          if (validationToken !== null) {
            this.validations.push(validationToken);
            if (this.behaviour === 'slow') await delay(1000);
            if (this.behaviour === 'json') {
              res.writeHead(200, { 'content-type': 'application/json' });
              res.end(JSON.stringify(validationToken));
              return;
            }
            res.writeHead(200, { 'content-type': 'text/plain' });
            res.end(this.behaviour === 'wrong-token' ? 'nope' : validationToken);
            return;
          }
          if (this.failNext > 0) {
            this.failNext--;
            res.writeHead(500);
            res.end();
            return;
          }
          this.notifications.push(JSON.parse(Buffer.concat(chunks).toString()));
          res.writeHead(202);
          res.end();
        });
      }
    );
    await new Promise<void>((ready) => this.server.listen(0, '127.0.0.1', ready));
    this.url = `https://localhost:${(this.server.address() as AddressInfo).port}/api/notify`;
  }

  async waitFor(count: number, timeoutMs = 5000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.notifications.length < count) {
      if (Date.now() > until) throw new Error(`only ${this.notifications.length} notifications`);
      await delay(20);
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((done) => this.server.close(() => done()));
  }
}

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

describe('emulated Graph: change notification subscriptions', () => {
  let emulator: HttpEmulator;
  let token: string;
  let driveId: string;
  const receiver = new Receiver();
  const graph = (path: string) => `${emulator.info.graphUrl}${path}`;
  const subscribe = (body: Record<string, unknown>, bearer = token) =>
    http(emulator, 'POST', graph('/subscriptions'), {
      token: bearer,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const validBody = () => ({
    changeType: 'updated',
    notificationUrl: receiver.url,
    resource: `/drives/${driveId}/root`,
    expirationDateTime: inMinutes(60),
    clientState: 'secret-state-1',
  });

  beforeAll(async () => {
    emulator = await startHttpEmulator();
    token = await appToken(emulator);
    driveId = emulator.info.sites[0].drives[0].id;
    // The package export signs with the default data dir's CA: the one this emulator uses too.
    await receiver.start(issueCertificate(['localhost', '127.0.0.1']));
    await emulator.control.setNotificationSettings({ delayMs: 200 });
  });
  afterEach(() => {
    receiver.behaviour = 'echo';
    receiver.notifications.length = 0;
  });
  afterAll(async () => {
    await emulator.close();
    await receiver.close();
  });

  it('validates the endpoint, then notifies once per burst of changes with the clientState', async () => {
    const created = await subscribe(validBody());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      changeType: 'updated',
      resource: `/drives/${driveId}/root`,
      clientState: 'secret-state-1',
      applicationId: emulator.info.clientId,
      notificationUrl: receiver.url,
    });
    expect(receiver.validations.at(-1)).toMatch(/^Validation: .+Request-Id: [0-9a-f-]{36}$/);
    const mark = await emulator.control.mark();

    // One control request making 30 changes: Graph coalesces them into one notification.
    await emulator.control.bulk(driveId, { modify: 10, rename: 10, create: 10, seed: 'burst' });
    await receiver.waitFor(1);
    await delay(500);
    expect(receiver.notifications).toHaveLength(1);
    expect(receiver.notifications[0].value).toEqual([
      {
        subscriptionId: created.body.id,
        clientState: 'secret-state-1',
        changeType: 'updated',
        resource: `/drives/${driveId}/root`,
        subscriptionExpirationDateTime: created.body.expirationDateTime,
        tenantId: emulator.info.tenantId,
      },
    ]);
    expect((await emulator.control.stats(mark)).notificationsSent).toBe(1);

    // A change in another drive notifies nobody.
    await emulator.control.createItem(emulator.info.sites[1].drives[0].id, { name: 'x.txt' });
    await delay(400);
    expect(receiver.notifications).toHaveLength(1);
    await http(emulator, 'DELETE', graph(`/subscriptions/${created.body.id}`), { token });
  });

  it('lists, renews and deletes; a deleted subscription notifies no more', async () => {
    const created = (await subscribe(validBody())).body;
    const listed = await http(emulator, 'GET', graph('/subscriptions'), { token });
    expect(listed.body.value.map((s: GraphJson) => s.id)).toContain(created.id);
    // Another app does not see it.
    const reader = await appToken(
      emulator,
      emulator.info.readerClientId,
      emulator.info.readerClientSecret
    );
    expect(
      (await http(emulator, 'GET', graph(`/subscriptions/${created.id}`), { token: reader })).status
    ).toBe(404);

    const validationsBefore = receiver.validations.length;
    const renewedTo = inMinutes(42_000);
    const renewed = await http(emulator, 'PATCH', graph(`/subscriptions/${created.id}`), {
      token,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ expirationDateTime: renewedTo }),
    });
    expect(renewed.status).toBe(200);
    expect(renewed.body.expirationDateTime).toBe(renewedTo);
    expect(receiver.validations.length).toBe(validationsBefore);

    expect(
      (await http(emulator, 'DELETE', graph(`/subscriptions/${created.id}`), { token })).status
    ).toBe(204);
    expect(
      (await http(emulator, 'GET', graph(`/subscriptions/${created.id}`), { token })).status
    ).toBe(404);
    await emulator.control.createItem(driveId, { name: 'after-delete.txt' });
    await delay(400);
    expect(receiver.notifications).toHaveLength(0);
  });

  it('retries a failed delivery with backoff', async () => {
    await emulator.control.setNotificationSettings({ retryDelayMs: 100 });
    const created = (await subscribe(validBody())).body;
    const mark = await emulator.control.mark();
    receiver.failNext = 2;
    await emulator.control.createItem(driveId, { name: 'retried.txt' });
    await receiver.waitFor(1);
    const stats = await emulator.control.stats(mark);
    expect(stats.notificationsFailed).toBe(2);
    expect(stats.notificationsSent).toBe(1);
    expect(receiver.notifications[0].value[0].subscriptionId).toBe(created.id);
    await http(emulator, 'DELETE', graph(`/subscriptions/${created.id}`), { token });
  });

  it('drops expired subscriptions and ones the control API removes', async () => {
    const created = (
      await subscribe({
        ...validBody(),
        expirationDateTime: new Date(Date.now() + 1500).toISOString(),
      })
    ).body;
    expect((await emulator.control.subscriptions()).map((s) => s.id)).toContain(created.id);
    await delay(1600);
    expect(
      (await http(emulator, 'GET', graph(`/subscriptions/${created.id}`), { token })).status
    ).toBe(404);

    const other = (await subscribe(validBody())).body;
    await emulator.control.dropSubscription(other.id);
    expect(
      (await http(emulator, 'GET', graph(`/subscriptions/${other.id}`), { token })).status
    ).toBe(404);
  });

  it.each<[Behaviour, RegExp]>([
    ['wrong-token', /did not echo/],
    ['json', /not text\/plain/],
    ['slow', /no answer within 300 ms/],
  ])('refuses the subscription when the endpoint %s', async (behaviour, reason) => {
    await emulator.control.setNotificationSettings({ validationTimeoutMs: 300 });
    receiver.behaviour = behaviour;
    try {
      const refused = await subscribe(validBody());
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('InvalidRequest');
      expect(refused.body.error.message).toMatch(/^Subscription validation request failed/);
      expect(refused.body.error.message).toMatch(reason);
    } finally {
      await emulator.control.setNotificationSettings({ validationTimeoutMs: 10_000 });
    }
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['an http URL', { notificationUrl: 'http://localhost:1/x' }, /HTTPS/],
    ['more than 42,300 minutes', { expirationDateTime: inMinutes(42_301) }, /42300 minutes/],
    ['a past expiry', { expirationDateTime: inMinutes(-1) }, /future/],
    ['changeType created', { changeType: 'created' }, /updated/],
    ['a folder as resource', { resource: `/drives/DRIVE/root:/Burst` }, /root of a drive/],
    ['a long clientState', { clientState: 'x'.repeat(129) }, /128/],
  ])('refuses %s', async (_name, override, message) => {
    const body = { ...validBody(), ...override };
    if (typeof body.resource === 'string') body.resource = body.resource.replace('DRIVE', driveId);
    const refused = await subscribe(body);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(message);
  });

  it('refuses me/drive/root from an app-only caller, and checks drive access', async () => {
    const appOnly = await subscribe({ ...validBody(), resource: 'me/drive/root' });
    expect(appOnly.status).toBe(400);
    // An app with Sites.Selected but no grant on the site cannot subscribe to its drives.
    const stranger = await emulator.control.createApp({ permissions: ['Sites.Selected'] });
    const strangerToken = await appToken(emulator, stranger.clientId, stranger.clientSecret);
    expect((await subscribe(validBody(), strangerToken)).status).toBe(403);
  });

  it('issues leaf certificates from the running emulator CA through the control API', async () => {
    const certificate = await emulator.control.issueCertificate(['notify.test', '127.0.0.2']);
    expect(certificate.caPem).toBe(emulator.info.caPem);
    const { X509Certificate } = await import('node:crypto');
    const leaf = new X509Certificate(certificate.certPem);
    expect(leaf.subjectAltName).toContain('DNS:notify.test');
    expect(leaf.subjectAltName).toContain('IP Address:127.0.0.2');
    expect(leaf.verify(new X509Certificate(emulator.info.caPem).publicKey)).toBe(true);
  });
});
