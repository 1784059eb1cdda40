/**
 * The one place the plugin's services are wired together, and the one place they are looked up.
 *
 * Services are built once per Strapi instance, in the order they depend on one another, each given
 * the services below it: settings, then graph, connections, sync, notifications, with drives on top
 * to coordinate them (and items, files, editors, sealed values beside them). Nothing calls back
 * up that order through an import: where a lower service must tell a higher one something (settings
 * changed, a polled sync found changes, an account's drives must go), it is given a callback here.
 * So the import graph shows every dependency, and has no cycle.
 *
 * Strapi still registers each one under its name (`strapi.plugin('external-drives').service(name)`,
 * used by tests and scripts); inside the plugin, `getService` is the typed way to reach them.
 */
import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../constants';
import { createConnectionsService } from '../connections/service';
import { createEditorsService } from '../editors/service';
import { createFilesService } from '../files/service';
import { createGraphService } from '../graph/service';
import { createNotificationsService } from '../notifications/service';
import { createSyncService } from '../sync/service';
import { createDrivesService } from '../drives/service';
import { createItemsService } from '../items/service';
import { createSealedValuesService } from '../auth/sealed-values';
import { createSettingsService } from '../settings/service';

function wire(strapi: Core.Strapi) {
  const settings = createSettingsService({
    strapi,
    onChanged: async (update) => {
      // Cached msal applications hold the old credentials.
      graph.invalidate();
      // Takes effect without a restart: shared schedules (Redis) move to the new interval.
      if (update.syncIntervalMinutes !== undefined) await sync.intervalChanged();
    },
  });
  const graph = createGraphService({
    strapi,
    settings,
    accountTokens: (accountId) => connections.tokenProvider(accountId),
  });
  const connections = createConnectionsService({
    strapi,
    settings,
    graph,
    drives: {
      resumeAccountDrives: (accountId) => drives.resumeAccountDrives(accountId),
      createPersonal: (input) => drives.createPersonal(input),
      removeAccountDrives: (accountId) => drives.removeAccountDrives(accountId),
      removePersonalDrivesOf: (ownerId) => drives.removePersonalDrivesOf(ownerId),
    },
  });
  const sync = createSyncService({
    strapi,
    settings,
    graph,
    onPolledChanges: (driveId) => notifications.afterPolledChanges(driveId),
  });
  const notifications = createNotificationsService({ strapi, settings, graph, sync });
  const drives = createDrivesService({
    strapi,
    settings,
    graph,
    connections,
    sync,
    notifications,
  });
  const items = createItemsService({ strapi });
  const files = createFilesService({ strapi, graph, settings });
  const editors = createEditorsService({ strapi, settings, drives, files });
  const sealedValues = createSealedValuesService({ strapi, settings });

  return {
    settings,
    graph,
    connections,
    sync,
    notifications,
    drives,
    items,
    files,
    editors,
    sealedValues,
  };
}

/** The plugin's services by name, as Strapi registers them. */
export type PluginServices = ReturnType<typeof wire>;
export type ServiceName = keyof PluginServices;

const wired = new WeakMap<Core.Strapi, PluginServices>();

/** Every service of this Strapi instance, wired on first use. */
const servicesOf = (strapi: Core.Strapi): PluginServices => {
  let services = wired.get(strapi);
  if (!services) {
    services = wire(strapi);
    wired.set(strapi, services);
  }
  return services;
};

/** A service of the plugin, typed by its name (as Strapi's i18n plugin's `getService`). */
export const getService = <Name extends ServiceName>(
  strapi: Core.Strapi,
  name: Name
): PluginServices[Name] => strapi.plugin(PLUGIN_ID).service(name) as PluginServices[Name];

const registered =
  <Name extends ServiceName>(name: Name) =>
  ({ strapi }: { strapi: Core.Strapi }) =>
    servicesOf(strapi)[name];

/** What Strapi registers: one factory per name, each handing out its service of the wiring. */
export default {
  settings: registered('settings'),
  graph: registered('graph'),
  connections: registered('connections'),
  sync: registered('sync'),
  notifications: registered('notifications'),
  drives: registered('drives'),
  items: registered('items'),
  files: registered('files'),
  editors: registered('editors'),
  sealedValues: registered('sealedValues'),
} satisfies { [Name in ServiceName]: (context: { strapi: Core.Strapi }) => PluginServices[Name] };
