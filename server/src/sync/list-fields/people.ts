/**
 * Person columns name an item of the site's hidden User Information List: its Title is the
 * person's display name, its EMail their address. Resolved once per site and lookup id and cached
 * in memory (people are few; a name change shows after the cache entry expires).
 */
import type { Client } from '@microsoft/microsoft-graph-client';

export interface Person {
  displayName: string;
  email: string | null;
}

const TTL_MS = 60 * 60 * 1000;
const USER_INFORMATION_LIST = 'User Information List';

const cache = new Map<string, { person: Person; until: number }>();
const keyOf = (siteId: string, lookupId: string) => `${siteId}\u0000${lookupId}`;

/** The people these lookup ids name on the site; ids the list does not have are left out. */
export async function resolvePeople(
  client: Client,
  siteId: string,
  lookupIds: string[]
): Promise<Map<string, Person>> {
  const people = new Map<string, Person>();
  const now = Date.now();
  for (const lookupId of lookupIds) {
    const cached = cache.get(keyOf(siteId, lookupId));
    if (cached && cached.until > now) {
      people.set(lookupId, cached.person);
      continue;
    }
    try {
      const item = (await client
        .api(
          `/sites/${encodeURIComponent(siteId)}/lists/${encodeURIComponent(USER_INFORMATION_LIST)}/items/${encodeURIComponent(lookupId)}`
        )
        .expand('fields($select=Title,EMail)')
        .get()) as { fields?: { Title?: string; EMail?: string } };
      const person: Person = {
        displayName: item.fields?.Title ?? `User ${lookupId}`,
        email: item.fields?.EMail || null,
      };
      cache.set(keyOf(siteId, lookupId), { person, until: now + TTL_MS });
      people.set(lookupId, person);
    } catch (error) {
      // A person removed from the site: the value stays unresolved, the sync goes on.
      if ((error as { statusCode?: number }).statusCode !== 404) throw error;
    }
  }
  return people;
}

/** For tests: forget every cached person. */
export const clearPeopleCache = () => cache.clear();
