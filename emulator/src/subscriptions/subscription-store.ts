import { randomUUID } from 'node:crypto';

/** A change-notification subscription on one drive's root. */
export interface Subscription {
  id: string;
  /** As the client wrote it ("/drives/{id}/root", "me/drive/root"): echoed in notifications. */
  resource: string;
  driveId: string;
  changeType: 'updated';
  notificationUrl: string;
  clientState: string | null;
  expiresAt: number;
  applicationId: string;
  /** The signed-in user (delegated) or the app's id (app-only). */
  creatorId: string;
  tenantId: string;
  notificationsSent: number;
  notificationsFailed: number;
}

/** Live subscriptions; expired ones disappear, as Graph deletes them. */
export class SubscriptionStore {
  private readonly subscriptions = new Map<string, Subscription>();

  add(spec: Omit<Subscription, 'id' | 'notificationsSent' | 'notificationsFailed'>): Subscription {
    const subscription: Subscription = {
      ...spec,
      id: randomUUID(),
      notificationsSent: 0,
      notificationsFailed: 0,
    };
    this.subscriptions.set(subscription.id, subscription);
    return subscription;
  }

  get(id: string, now = Date.now()): Subscription | undefined {
    const subscription = this.subscriptions.get(id);
    if (subscription && subscription.expiresAt <= now) {
      this.subscriptions.delete(id);
      return undefined;
    }
    return subscription;
  }

  all(now = Date.now()): Subscription[] {
    return [...this.subscriptions.keys()]
      .map((id) => this.get(id, now))
      .filter((s): s is Subscription => s !== undefined);
  }

  forDrive(driveId: string): Subscription[] {
    return this.all().filter((subscription) => subscription.driveId === driveId);
  }

  remove(id: string): boolean {
    return this.subscriptions.delete(id);
  }

  clear(): void {
    this.subscriptions.clear();
  }
}
