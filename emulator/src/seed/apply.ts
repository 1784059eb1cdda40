import type { EmulatorContext } from '../context';
import { demoTenant, emptyTenant } from './demo';
import { addLargeLibrary } from './large';

export type SeedName = 'demo' | 'empty';

/** Replaces the emulator's tenant with a freshly seeded one. */
export function applySeed(emulator: EmulatorContext, seed: SeedName, items?: number): void {
  const tenant = seed === 'empty' ? emptyTenant() : demoTenant();
  const lifetime = emulator.store?.tokenLifetimeSeconds;
  emulator.store = tenant.store;
  if (lifetime) emulator.store.tokenLifetimeSeconds = lifetime;
  emulator.seedInfo = {
    clientId: tenant.clientId,
    clientSecret: tenant.clientSecret,
    readerClientId: tenant.readerClientId,
    readerClientSecret: tenant.readerClientSecret,
  };
  if (items && items > 0) {
    const site = [...tenant.store.sites.values()][0] ?? tenant.store.createSite('Archive');
    const drive = addLargeLibrary(tenant.store, items, site.id);
    tenant.store.grant(tenant.clientId, site.id, 'write');
    emulator.seedInfo.largeDriveId = drive.id;
  }
  // Subscriptions belong to the old tenant's drives; seeding itself notifies nobody.
  emulator.subscriptions?.clear();
  emulator.notifier?.reset();
  emulator.store.onDriveChanged = (changed) => emulator.notifier?.driveChanged(changed.id);
}
