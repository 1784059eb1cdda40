import { randomUUID } from 'node:crypto';
import { Agent, request } from 'undici';
import type { RequestStats } from '../control/request-stats';
import type { Subscription, SubscriptionStore } from './subscription-store';

export interface NotificationSettings {
  /** How long after a change the notification leaves; changes in that window share it. */
  delayMs: number;
  /** How long the validation POST may take (Graph: 10 s). */
  validationTimeoutMs: number;
  /** First retry delay of a failed delivery, doubled on each of `maxRetries` retries. */
  retryDelayMs: number;
  maxRetries: number;
}

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  delayMs: 1000,
  validationTimeoutMs: 10_000,
  retryDelayMs: 1000,
  maxRetries: 3,
};

const DELIVERY_TIMEOUT_MS = 10_000;

interface Delivery {
  timer?: NodeJS.Timeout;
  inFlight: boolean;
  /** A change came while a delivery was in flight: send one more afterwards. */
  again: boolean;
  attempt: number;
}

/**
 * Sends Graph-shaped change notifications over HTTPS, trusting only the emulator's CA (tests put a
 * TLS front with a certificate from that CA before their receiver). Bursts are coalesced: one
 * notification per subscription per delay window, whatever the number of changed items.
 */
export class ChangeNotifier {
  settings: NotificationSettings = { ...DEFAULT_NOTIFICATION_SETTINGS };
  private readonly agent: Agent;
  private readonly deliveries = new Map<string, Delivery>();
  private closed = false;

  constructor(
    private readonly subscriptions: () => SubscriptionStore,
    private readonly stats: RequestStats,
    caPem: string
  ) {
    this.agent = new Agent({ connect: { ca: caPem } });
  }

  /**
   * The handshake: POST notificationUrl?validationToken=... and expect 200 text/plain echoing the
   * token within the timeout. Resolves to why it failed, or undefined when it passed.
   */
  async validate(notificationUrl: string): Promise<string | undefined> {
    const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
    const url = new URL(notificationUrl);
    url.searchParams.set('validationToken', token);
    try {
      const response = await request(url, {
        method: 'POST',
        dispatcher: this.agent,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: '',
        signal: AbortSignal.timeout(this.settings.validationTimeoutMs),
      });
      const text = await response.body.text();
      const contentType = String(response.headers['content-type'] ?? '');
      if (response.statusCode !== 200) return `answered ${response.statusCode}`;
      if (!contentType.toLowerCase().startsWith('text/plain'))
        return `answered content-type ${contentType || '(none)'}, not text/plain`;
      if (text !== token) return 'did not echo the validation token';
      return undefined;
    } catch (error) {
      return (error as Error).name === 'TimeoutError'
        ? `no answer within ${this.settings.validationTimeoutMs} ms`
        : (error as Error).message;
    }
  }

  /** A drive changed: every live subscription on it gets a (coalesced) notification. */
  driveChanged(driveId: string): void {
    if (this.closed) return;
    for (const subscription of this.subscriptions().forDrive(driveId)) {
      const delivery = this.deliveryOf(subscription.id);
      if (delivery.timer) continue;
      if (delivery.inFlight) delivery.again = true;
      else this.schedule(subscription.id, delivery, this.settings.delayMs);
    }
  }

  /** Stops timers and closes the HTTPS client. */
  async close(): Promise<void> {
    this.closed = true;
    for (const delivery of this.deliveries.values()) clearTimeout(delivery.timer);
    this.deliveries.clear();
    await this.agent.destroy();
  }

  reset(): void {
    for (const delivery of this.deliveries.values()) clearTimeout(delivery.timer);
    this.deliveries.clear();
  }

  private deliveryOf(id: string): Delivery {
    let delivery = this.deliveries.get(id);
    if (!delivery) {
      delivery = { inFlight: false, again: false, attempt: 0 };
      this.deliveries.set(id, delivery);
    }
    return delivery;
  }

  private schedule(id: string, delivery: Delivery, delayMs: number): void {
    delivery.timer = setTimeout(() => {
      delivery.timer = undefined;
      void this.deliver(id, delivery);
    }, delayMs);
  }

  private async deliver(id: string, delivery: Delivery): Promise<void> {
    const subscription = this.subscriptions().get(id);
    if (!subscription || this.closed) {
      this.deliveries.delete(id);
      return;
    }
    delivery.inFlight = true;
    const delivered = await this.post(subscription);
    delivery.inFlight = false;
    if (this.closed) return;
    if (delivered) {
      delivery.attempt = 0;
      if (delivery.again) {
        delivery.again = false;
        this.schedule(id, delivery, this.settings.delayMs);
      }
      return;
    }
    if (delivery.attempt < this.settings.maxRetries) {
      const wait = this.settings.retryDelayMs * 2 ** delivery.attempt++;
      delivery.again = false;
      this.schedule(id, delivery, wait);
    } else {
      delivery.attempt = 0;
    }
  }

  private async post(subscription: Subscription): Promise<boolean> {
    const body = {
      value: [
        {
          subscriptionId: subscription.id,
          clientState: subscription.clientState,
          changeType: subscription.changeType,
          resource: subscription.resource,
          subscriptionExpirationDateTime: new Date(subscription.expiresAt).toISOString(),
          tenantId: subscription.tenantId,
        },
      ],
    };
    try {
      const response = await request(subscription.notificationUrl, {
        method: 'POST',
        dispatcher: this.agent,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      await response.body.dump();
      const ok = response.statusCode >= 200 && response.statusCode < 300;
      this.count(subscription, ok);
      return ok;
    } catch {
      this.count(subscription, false);
      return false;
    }
  }

  private count(subscription: Subscription, ok: boolean): void {
    if (ok) subscription.notificationsSent++;
    else subscription.notificationsFailed++;
    this.stats.count(ok ? 'notificationsSent' : 'notificationsFailed');
  }
}
