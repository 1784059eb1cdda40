/**
 * The `connections` service: personal connections (Method 2). An admin user signs in with
 * Microsoft (authorization code + PKCE through msal-node), which stores that Microsoft account's
 * token cache sealed; then their OneDrive, or SharePoint libraries they pick, become personal
 * drives that only they see. Disconnecting never deletes anything in Microsoft 365.
 */
import type { Core } from '@strapi/strapi';
import { CryptoProvider } from '@azure/msal-node';
import type {
  AddLibraryRequest,
  ConnectedAccount,
  LibrarySummary,
  SiteSummary,
} from '../../../shared/contracts/connections';
import type { DriveKind } from '../../../shared/contracts/drives';
import {
  createDelegatedApplication,
  DELEGATED_SCOPES,
} from '../auth/delegated/delegated-application';
import { sealedNames } from '../auth/sealed-names';
import { createMsalNetworkClient } from '../auth/msal-network';
import { PLUGIN_ID, UID } from '../constants';
import type { AdminUser } from '../files/access';
import { externalDrivesError, toExternalDrivesError, type Operation } from '../graph/errors';
import type { GraphService } from '../graph/service';
import { libraryOfSite, searchSites, siteById, siteByUrl, siteLibraries } from '../graph/sites';
import { resolveFolderChoice } from '../drives/folder-choice';
import { createDriveTable } from '../drives/table';
import { listLibraryFolders } from '../graph/folders';
import type { PersonalDriveInput, PresentedDrive } from '../drives/types';
import type { IntegrationSettings, SettingsService } from '../settings/service';
import { createSignInStates } from './sign-in-states';
import { createAccountTokenProvider, type AccountRow } from './token-provider';

/** What a finished sign-in leads to: a new (or reconnected) drive, or a library to pick. */
export interface SignInResult {
  kind: DriveKind;
  accountId: number;
  driveId?: number;
}

export interface CallbackParameters {
  state?: string;
  code?: string;
  error?: string;
  errorDescription?: string;
  browserKey?: string;
}

const ACCOUNT_FIELDS = ['id', 'ownerId', 'username', 'displayName', 'status', 'createdAt'];

/**
 * What a connection does to the drives of its account. The drives service sits above this one (it
 * coordinates connections, sync and notifications), so the wiring passes these in as callbacks.
 */
export interface AccountDrives {
  /** The account signed in again: its drives that waited for it sync again. */
  resumeAccountDrives(accountId: number): Promise<void>;
  createPersonal(input: PersonalDriveInput): Promise<PresentedDrive>;
  /** The account is signed out of Strapi: its drives go (not the account row: that is ours). */
  removeAccountDrives(accountId: number): Promise<void>;
  removePersonalDrivesOf(ownerId: number): Promise<void>;
}

interface ConnectionsDeps {
  strapi: Core.Strapi;
  settings: SettingsService;
  graph: Pick<GraphService, 'transport' | 'delegatedClient'>;
  drives: AccountDrives;
}

export const createConnectionsService = ({ strapi, settings, graph, drives }: ConnectionsDeps) => {
  const accounts = () => strapi.db.query(UID.account);
  const driveTable = createDriveTable(strapi);
  const states = createSignInStates(strapi, () => settings.secretBox());

  /** The integration, if personal connections may be used now. */
  const personalIntegration = async () => {
    const integration = await settings.assertAvailable();
    if (!integration.personalConnectionsAllowed) {
      throw externalDrivesError('integrationNotAvailable', {
        message: 'Integration not available: personal connections are turned off',
        nextStep: 'Ask your administrator to allow personal connections.',
      });
    }
    return integration;
  };

  const credentialsOf = (integration: IntegrationSettings) => ({
    authorityHost: strapi.plugin(PLUGIN_ID).config('authorityHost') as string,
    tenantId: integration.tenantId!,
    clientId: integration.clientId!,
    // assertAvailable has checked that the credential in use is there.
    credential: integration.credential!,
  });

  const networkClient = () => createMsalNetworkClient(graph.transport());

  /** The account if it is this user's; 404 otherwise (another user's accounts are not disclosed). */
  const ownedAccount = async (user: AdminUser, accountId: number) => {
    const account = Number.isSafeInteger(accountId)
      ? ((await accounts().findOne({
          where: { id: accountId, ownerId: user.id },
        })) as AccountRow | null)
      : null;
    if (!account) {
      throw externalDrivesError('notFound', {
        message: 'The connection was not found',
        nextStep: '',
      });
    }
    return account;
  };

  const tokenProvider = async (accountId: number, operation?: Operation) =>
    createAccountTokenProvider(strapi, accountId, {
      credentials: credentialsOf(await personalIntegration()),
      networkClient: networkClient(),
      box: settings.secretBox(),
      operation,
    });

  const accountClient = async (accountId: number) =>
    graph.delegatedClient(await tokenProvider(accountId, 'connect'));

  /** Personal SharePoint connections may be limited by the admin to a list of sites. */
  const assertSiteAllowed = async (siteId: string) => {
    const { allowedSiteIds } = await settings.getIntegration();
    if (allowedSiteIds.length > 0 && !allowedSiteIds.includes(siteId)) {
      throw externalDrivesError('forbidden', {
        message: 'Your administrator does not allow personal connections to this site',
        nextStep: 'Ask your administrator to add the site to the allowed sites.',
        httpStatus: 403,
      });
    }
  };

  /** Stores (or refreshes) the account's sealed cache; one row per user and Microsoft account. */
  const saveAccount = async (
    ownerId: number,
    account: { homeAccountId: string; tenantId?: string; username?: string; name?: string },
    sealedCache: string
  ): Promise<AccountRow> => {
    const data = {
      ownerId,
      homeAccountId: account.homeAccountId,
      tenantId: account.tenantId ?? null,
      username: account.username ?? null,
      displayName: account.name ?? null,
      sealedCache,
      status: 'connected',
    };
    const existing = (await accounts().findOne({
      where: { ownerId, homeAccountId: account.homeAccountId },
    })) as AccountRow | null;
    return (
      existing
        ? await accounts().update({ where: { id: existing.id }, data })
        : await accounts().create({ data })
    ) as AccountRow;
  };

  return {
    /**
     * Begins a sign-in: Microsoft's authorize URL (PKCE S256, single-use state) and the browser key
     * the controller puts in a cookie.
     */
    async start(user: AdminUser, kind: DriveKind) {
      const integration = await personalIntegration();
      const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
      const { state, browserKey, expiresAt } = await states.create({
        ownerId: user.id,
        kind,
        codeVerifier: verifier,
      });
      const application = createDelegatedApplication(credentialsOf(integration), networkClient());
      const authorizationUrl = await application.getAuthCodeUrl({
        scopes: DELEGATED_SCOPES,
        redirectUri: await settings.redirectUri(),
        codeChallenge: challenge,
        codeChallengeMethod: 'S256',
        state,
        prompt: 'select_account',
      });
      return { authorizationUrl, expiresAt: expiresAt.toISOString(), browserKey };
    },

    /**
     * Finishes a sign-in from Microsoft's redirect: the state must be known, unexpired, unused and
     * come back to the browser that started it; the code is exchanged with the PKCE verifier.
     */
    async complete(parameters: CallbackParameters): Promise<SignInResult & { ownerId: number }> {
      const pending = await states.consume(parameters.state, parameters.browserKey);
      if (parameters.error) {
        throw externalDrivesError('authenticationFailed', {
          message:
            parameters.error === 'access_denied'
              ? 'Sign-in was cancelled or consent was not given'
              : `Microsoft refused the sign-in (${parameters.error})`,
          details: { reason: parameters.error },
        });
      }
      if (!parameters.code) {
        throw externalDrivesError('authenticationFailed', {
          message: 'The sign-in answer has no code',
          nextStep: 'Start connecting again from My Files.',
          details: { reason: 'missing_code' },
        });
      }
      const integration = await personalIntegration();
      // No cache plugin: msal keeps the new tokens in memory until the account they belong to is
      // known, which names the sealed cache (sealedNames.tokenCache).
      const application = createDelegatedApplication(credentialsOf(integration), networkClient());
      let signedIn;
      try {
        signedIn = await application.acquireTokenByCode({
          code: parameters.code,
          scopes: DELEGATED_SCOPES,
          redirectUri: await settings.redirectUri(),
          codeVerifier: pending.codeVerifier,
        });
      } catch (error) {
        throw toExternalDrivesError(error, 'connect');
      }
      if (!signedIn?.account) {
        throw externalDrivesError('authenticationFailed', { details: { reason: 'no_account' } });
      }
      const sealedCache = settings
        .secretBox()
        .seal(
          application.getTokenCache().serialize(),
          sealedNames.tokenCache(pending.ownerId, signedIn.account.homeAccountId)
        );
      const account = await saveAccount(pending.ownerId, signedIn.account, sealedCache);
      // A reconnect brings the account's drives back without losing what they had synced.
      await drives.resumeAccountDrives(account.id);
      const result = { kind: pending.kind, accountId: account.id, ownerId: pending.ownerId };
      if (pending.kind === 'sharepoint') return result;

      let oneDrive: { id: string; name?: string; webUrl?: string };
      try {
        oneDrive = await (await accountClient(account.id)).api('/me/drive').get();
      } catch (error) {
        throw toExternalDrivesError(error, 'connect');
      }
      const drive = await drives.createPersonal({
        ownerId: pending.ownerId,
        accountId: account.id,
        kind: 'onedrive',
        remoteDriveId: oneDrive.id,
        name: `OneDrive – ${account.displayName ?? account.username ?? 'Microsoft account'}`,
        webUrl: oneDrive.webUrl ?? null,
      });
      return { ...result, driveId: drive.id };
    },

    /** Whether a new personal sign-in would be accepted now (the panel offers it only then). */
    async signInAllowed(): Promise<boolean> {
      return personalIntegration().then(
        () => true,
        () => false
      );
    },

    async listAccounts(user: AdminUser): Promise<ConnectedAccount[]> {
      const rows = (await accounts().findMany({
        where: { ownerId: user.id },
        select: ACCOUNT_FIELDS,
        orderBy: { createdAt: 'asc' },
      })) as AccountRow[];
      return Promise.all(
        rows.map(async (row) => ({
          id: row.id,
          username: row.username,
          displayName: row.displayName,
          status: row.status,
          createdAt: row.createdAt,
          driveCount: await driveTable.countOfAccount(row.id),
        }))
      );
    },

    /** Sites the signed-in account can see (search or URL), within the admin's allowed list. */
    async findSites(
      user: AdminUser,
      accountId: number,
      query: { search?: string; url?: string }
    ): Promise<SiteSummary[]> {
      await personalIntegration();
      const account = await ownedAccount(user, accountId);
      const client = await accountClient(account.id);
      const found = query.url
        ? [await siteByUrl(client, query.url)]
        : await searchSites(client, query.search ?? '');
      const { allowedSiteIds } = await settings.getIntegration();
      return allowedSiteIds.length > 0
        ? found.filter((site) => allowedSiteIds.includes(site.id))
        : found;
    },

    async siteLibraries(
      user: AdminUser,
      accountId: number,
      siteId: string
    ): Promise<LibrarySummary[]> {
      await personalIntegration();
      const account = await ownedAccount(user, accountId);
      await assertSiteAllowed(siteId);
      return siteLibraries(await accountClient(account.id), siteId);
    },

    /** One level of a library's folders, for choosing the one folder a drive follows. */
    async libraryFolders(
      user: AdminUser,
      accountId: number,
      siteId: string,
      driveId: string,
      parentId?: string
    ) {
      await personalIntegration();
      const account = await ownedAccount(user, accountId);
      await assertSiteAllowed(siteId);
      const client = await accountClient(account.id);
      const library = await libraryOfSite(client, await siteById(client, siteId), driveId);
      return listLibraryFolders(client, library.id, parentId);
    },

    /** Connects a SharePoint library the account can reach as a personal drive. */
    async addLibrary(user: AdminUser, accountId: number, input: AddLibraryRequest) {
      await personalIntegration();
      const account = await ownedAccount(user, accountId);
      await assertSiteAllowed(input.siteId);
      const client = await accountClient(account.id);
      const site = await siteById(client, input.siteId);
      const library = await libraryOfSite(client, site, input.driveId);
      const { folder, ...folderFields } = await resolveFolderChoice(client, library, input);
      return drives.createPersonal({
        ownerId: user.id,
        accountId: account.id,
        kind: 'sharepoint',
        remoteDriveId: library.id,
        siteId: site.id,
        siteName: site.name,
        name:
          input.name?.trim() ||
          `${site.name} – ${library.name}${folder ? ` – ${folder.name}` : ''}`,
        webUrl: library.webUrl,
        ...folderFields,
      });
    },

    /** Signs the account out of Strapi: its drives and tokens go; Microsoft 365 keeps everything. */
    async removeAccount(user: AdminUser, accountId: number) {
      const account = await ownedAccount(user, accountId);
      await drives.removeAccountDrives(account.id);
      await accounts().delete({ where: { id: account.id } });
    },

    /** After a drive is disconnected: its account's tokens go once no drive uses them. */
    async releaseIfUnused(accountId: number) {
      if ((await driveTable.countOfAccount(accountId)) === 0)
        await accounts().delete({ where: { id: accountId } });
    },

    /** An admin user was deleted or deactivated: their personal drives, tokens and sign-ins go. */
    async removeUserData(userId: number) {
      for (const account of (await accounts().findMany({
        where: { ownerId: userId },
        select: ['id'],
      })) as Array<{ id: number }>) {
        await drives.removeAccountDrives(account.id);
      }
      await drives.removePersonalDrivesOf(userId);
      await accounts().deleteMany({ where: { ownerId: userId } });
      await states.removeOwnedBy(userId);
    },

    /** Token source of a personal drive's Graph client (used by the `graph` service). */
    tokenProvider,
  };
};

export type ConnectionsService = ReturnType<typeof createConnectionsService>;
