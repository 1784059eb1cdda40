import type Router from '@koa/router';
import type { EmulatorContext } from '../context';
import { badRequest, itemNotFound } from '../errors';
import type { FaultRuleSpec } from '../faults/fault-rules';
import { readJsonBody } from '../http-body';
import type { NotificationSettings } from '../subscriptions/change-notifier';
import { issueCertificate } from '../tls/certificates';
import type { ThrottlingSettings } from '../throttling/resource-units';

/** Wraps configuration errors (plain Errors) as 400s. */
function asBadRequest<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw badRequest((error as Error).message);
  }
}

/**
 * Control routes for resilience testing: fault rules, the Retry-After ledger, resource-unit budgets
 * and accounting, change-notification settings and subscriptions, and leaf certificates from the
 * CA.
 */
export function registerResilienceControlRoutes(router: Router, emulator: EmulatorContext): void {
  router.get('/faults', (ctx) => {
    ctx.body = emulator.faults.list();
  });
  router.post('/faults', async (ctx) => {
    const body = await readJsonBody<{ rules?: FaultRuleSpec[] }>(ctx);
    if (!Array.isArray(body.rules)) throw badRequest('rules must be an array');
    ctx.body = asBadRequest(() => emulator.faults.add(body.rules!));
  });
  router.delete('/faults', (ctx) => {
    emulator.faults.clear();
    ctx.status = 204;
  });
  router.delete('/faults/:ruleId', (ctx) => {
    if (!emulator.faults.remove(ctx.params.ruleId)) throw itemNotFound('unknown fault rule');
    ctx.status = 204;
  });

  router.get('/retry-after', (ctx) => {
    ctx.body = emulator.retryAfter.list();
  });
  router.delete('/retry-after', (ctx) => {
    emulator.retryAfter.clear();
    ctx.status = 204;
  });

  router.get('/throttling', (ctx) => {
    ctx.body = emulator.throttling.settings;
  });
  router.put('/throttling', async (ctx) => {
    const body = await readJsonBody<ThrottlingSettings>(ctx);
    const known = [
      'resourceUnitsPerMinute',
      'resourceUnitsPerDay',
      'tier',
      'licences',
      'windowSeconds',
      'daySeconds',
    ];
    for (const key of Object.keys(body))
      if (!known.includes(key)) throw badRequest(`unknown setting ${key}`);
    asBadRequest(() => emulator.throttling.configure(body));
    ctx.body = emulator.throttling.settings;
  });
  /** Resource units per app (per tenant): totals, the current windows, the peak, per minute. */
  router.get('/resource-units', (ctx) => {
    ctx.body = emulator.throttling.report();
  });
  router.delete('/resource-units', (ctx) => {
    emulator.throttling.reset();
    ctx.status = 204;
  });

  router.get('/notifications', (ctx) => {
    ctx.body = emulator.notifier.settings;
  });
  router.put('/notifications', async (ctx) => {
    const body = await readJsonBody<Partial<NotificationSettings>>(ctx);
    for (const [key, value] of Object.entries(body)) {
      if (!(key in emulator.notifier.settings)) throw badRequest(`unknown setting ${key}`);
      if (typeof value !== 'number' || value < 0) throw badRequest(`${key} must be a number >= 0`);
    }
    emulator.notifier.settings = { ...emulator.notifier.settings, ...body };
    ctx.body = emulator.notifier.settings;
  });

  router.get('/subscriptions', (ctx) => {
    ctx.body = emulator.subscriptions.all().map((subscription) => ({
      ...subscription,
      expirationDateTime: new Date(subscription.expiresAt).toISOString(),
    }));
  });
  /** Graph may drop a subscription (or it expires): clients must notice and recreate it. */
  router.delete('/subscriptions/:subscriptionId', (ctx) => {
    if (!emulator.subscriptions.remove(ctx.params.subscriptionId))
      throw itemNotFound('unknown subscription');
    ctx.status = 204;
  });

  router.post('/certificates', async (ctx) => {
    const body = await readJsonBody<{ hosts?: string[] }>(ctx);
    if (!Array.isArray(body.hosts) || !body.hosts.length || body.hosts.some((h) => !h))
      throw badRequest('hosts must be a non-empty array of host names or IP addresses');
    ctx.body = issueCertificate(emulator.dataDir, body.hosts);
  });
}
