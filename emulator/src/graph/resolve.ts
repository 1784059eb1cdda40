import type { Context } from 'koa';
import type { EmulatorContext } from '../context';
import { itemNotFound } from '../errors';
import type { Drive, DriveItem } from '../store/model';
import { assertCanAccessDrive, type Principal } from './principal';

export interface ResolvedItem {
  drive: Drive;
  item: DriveItem;
}

export function resolveDrive(emulator: EmulatorContext, ctx: Context, write = false): Drive {
  const drive = emulator.store.requireDrive(ctx.params.driveId);
  assertCanAccessDrive(emulator, ctx.state.principal as Principal, drive, write);
  return drive;
}

/** The item addressed by id, or by id + relative path (`/path/{encoded}` in canonical routes). */
export function resolveItem(emulator: EmulatorContext, ctx: Context, write = false): ResolvedItem {
  const drive = resolveDrive(emulator, ctx, write);
  const base = emulator.store.requireItem(drive, ctx.params.itemId);
  if (ctx.params.relativePath === undefined) return { drive, item: base };
  const item = emulator.store.findByPath(drive, base, ctx.params.relativePath);
  if (!item) throw itemNotFound('The resource could not be found.');
  return { drive, item };
}
