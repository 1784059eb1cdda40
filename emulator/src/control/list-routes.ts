/**
 * Control routes for the lists behind drives: the columns a library has, the values of an item's
 * list item, and expiring list-item delta tokens (410 on next use).
 */
import type Router from '@koa/router';
import type { EmulatorContext } from '../context';
import { badRequest } from '../errors';
import { readJsonBody } from '../http-body';
import { deterministicGuid } from '../ids';
import {
  BUILT_IN_COLUMNS,
  COLUMN_TYPES,
  assertFieldValue,
  type ColumnType,
  type ListColumn,
} from '../store/list-columns';

export interface ControlColumnSpec {
  name: string;
  displayName?: string;
  type: ColumnType;
  choices?: string[];
  hidden?: boolean;
}

function toColumn(driveId: string, spec: ControlColumnSpec): ListColumn {
  if (!spec || typeof spec.name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(spec.name))
    throw badRequest('Each column needs a name of letters, digits and underscores');
  if (!COLUMN_TYPES.includes(spec.type))
    throw badRequest(`type must be one of ${COLUMN_TYPES.join(', ')}`);
  if (BUILT_IN_COLUMNS.some((column) => column.name.toLowerCase() === spec.name.toLowerCase()))
    throw badRequest(`${spec.name} is a built-in column`);
  return {
    id: deterministicGuid(`${driveId}:column:${spec.name}`),
    name: spec.name,
    displayName: spec.displayName ?? spec.name,
    type: spec.type,
    ...(spec.choices ? { choices: spec.choices } : {}),
    ...(spec.hidden ? { hidden: true } : {}),
  };
}

export function registerListControlRoutes(router: Router, emulator: EmulatorContext): void {
  const store = () => emulator.store;

  /** Replaces the library's own columns (values of removed columns stay, unanswered). */
  router.put('/drives/:driveId/list/columns', async (ctx) => {
    const drive = store().requireDrive(ctx.params.driveId);
    const body = await readJsonBody<{ columns?: ControlColumnSpec[] }>(ctx);
    if (!Array.isArray(body.columns)) throw badRequest('columns must be an array');
    const columns = body.columns.map((spec) => toColumn(drive.id, spec));
    const names = new Set(columns.map((column) => column.name.toLowerCase()));
    if (names.size !== columns.length) throw badRequest('Column names must be unique');
    drive.list.columns = columns;
    ctx.body = { listId: drive.list.id, columns };
  });

  /** Sets values of the item's list item by column name (null clears one). */
  router.patch('/drives/:driveId/items/:itemId/fields', async (ctx) => {
    const drive = store().requireDrive(ctx.params.driveId);
    const item = store().requireItem(drive, ctx.params.itemId);
    const body = await readJsonBody<{ fields?: Record<string, unknown> }>(ctx);
    if (!body.fields || typeof body.fields !== 'object' || Array.isArray(body.fields))
      throw badRequest('fields must be an object');
    for (const [name, value] of Object.entries(body.fields)) {
      const column = [...BUILT_IN_COLUMNS, ...drive.list.columns].find(
        (candidate) => candidate.name === name && !candidate.readOnly
      );
      if (!column) throw badRequest(`The list has no writable column ${name}`);
      assertFieldValue(column, value);
      if (column.type === 'person' && value !== null && !store().users.has(value as string))
        throw badRequest(`fields.${name}: no user ${String(value)}`);
    }
    store().setFields(drive, item, body.fields);
    ctx.body = { listItemId: String(item.listItemId), fields: item.fields ?? {} };
  });

  router.post('/drives/:driveId/list/invalidate-delta', (ctx) => {
    store().requireDrive(ctx.params.driveId).list.tokenGeneration++;
    ctx.status = 204;
  });
}
