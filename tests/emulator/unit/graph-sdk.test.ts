import { ConfidentialClientApplication } from '@azure/msal-node';
import { Client, type AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import { Agent } from 'undici';
import { quickXorHash } from '../../../emulator/src';
import { msalConfig, startHttpEmulator, type HttpEmulator } from '../../../testkit/emulator-http';

describe('the Microsoft Graph SDK and msal-node as real clients', () => {
  let emulator: HttpEmulator;
  let client: Client;
  let dispatcher: Agent;
  beforeAll(async () => {
    emulator = await startHttpEmulator();
    const msal = new ConfidentialClientApplication(await msalConfig(emulator.info));
    const authProvider: AuthenticationProvider = {
      getAccessToken: async () =>
        (await msal.acquireTokenByClientCredential({
          scopes: ['https://graph.microsoft.com/.default'],
        }))!.accessToken,
    };
    dispatcher = new Agent({ connect: { ca: emulator.info.caPem } });
    client = Client.initWithMiddleware({
      authProvider,
      baseUrl: emulator.info.graphUrl.replace(/\/v1\.0$/, ''),
      defaultVersion: 'v1.0',
      customHosts: new Set(['localhost']),
      // Node's fetch accepts an undici dispatcher: the CA is trusted for these requests only.
      fetchOptions: { dispatcher } as RequestInit,
    });
  });
  afterAll(async () => {
    await dispatcher.close();
    await emulator.close();
  });

  it('reads a site by URL, its drives and a delta feed through nextLinks', async () => {
    const site = await client.api('/sites/contoso.sharepoint.com:/sites/Engineering').get();
    expect(site.displayName).toBe('Engineering');
    const drives = await client.api(`/sites/${site.id}/drives`).get();
    expect(drives.value).toHaveLength(2);
    const driveId = drives.value[0].id;
    let page = await client.api(`/drives/${driveId}/root/delta`).top(20).get();
    let count = page.value.length;
    let pages = 1;
    while (page['@odata.nextLink']) {
      page = await client.api(page['@odata.nextLink']).get();
      count += page.value.length;
      pages++;
    }
    expect(pages).toBeGreaterThan(1);
    const tree = await emulator.control.tree(driveId);
    expect(count).toBe(tree.length + 1);
    expect(page['@odata.deltaLink']).toBeDefined();
    // The deltaLink works through the SDK too (it reorders query parameters).
    await emulator.control.bulk(driveId, { modify: 1, seed: 'sdk' });
    const changes = await client.api(page['@odata.deltaLink']).get();
    expect(changes.value).toHaveLength(1);
  });

  it('downloads content through the 302 with the hash matching', async () => {
    const driveId = emulator.info.sites[1].drives[0].id;
    const file = (await emulator.control.tree(driveId)).find((entry) => !entry.isFolder)!;
    const stream = await client.api(`/drives/${driveId}/items/${file.id}/content`).getStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
    const bytes = Buffer.concat(chunks);
    expect(bytes.length).toBe(file.size);
    expect(quickXorHash(bytes)).toBe(file.quickXorHash);
  });

  it('surfaces Graph errors as GraphError with code and status', async () => {
    await expect(
      client.api(`/drives/${emulator.info.users[0].driveId}/root`).get()
    ).rejects.toMatchObject({
      statusCode: 403,
      code: 'accessDenied',
    });
    await expect(
      client.api(`/drives/${emulator.info.sites[0].drives[0].id}/items/nope`).get()
    ).rejects.toMatchObject({
      statusCode: 404,
      code: 'itemNotFound',
    });
  });
});
