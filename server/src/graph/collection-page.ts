/**
 * Reads a Graph collection page (`{ "@odata.nextLink": ..., "value": [ item, item, ... ] }`) from
 * its UTF-8 bytes, each item parsed on its own.
 *
 * Why not `response.json()`: a delta page of 1,000 items is about a megabyte of JSON, and decoding
 * it whole makes one string that size. V8 puts every string over 128 KB straight into its old
 * generation, where only a full collection frees it; a million-item enumeration made a thousand
 * of them, and the process's heap grew by hundreds of megabytes between collections. Item by item,
 * each string is a few hundred bytes and dies young, and `JSON.parse` does the same work on it.
 *
 * The scan below only finds where each element of the top-level `value` array starts and ends
 * (tracking strings, escapes and nesting); `JSON.parse` still validates every byte, when the items
 * are asked for.
 */
import { GraphError, ResponseType, type GraphRequest } from '@microsoft/microsoft-graph-client';
import { microsoftErrorOf } from './errors';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const isWhitespace = (byte: number) =>
  byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

/** `"value"` as it is spelt between the quotes of a key. */
const VALUE_KEY = Buffer.from('value');

export interface CollectionPage<T> {
  /** Every property of the page but `value` (`@odata.nextLink`, `@odata.deltaLink`, ...). */
  properties: Record<string, unknown>;
  /**
   * The elements of `value`, in order, parsed now (each call parses them again). A page that
   * waits its turn (the sync engine fetches the next page while it writes this one) waits as
   * bytes outside V8's heap: parsed objects held that long outlive young collections.
   */
  parseValue(): T[];
}

/** Where the top-level `value` array is, and where each of its elements starts and ends. */
interface ValueArray {
  /** Offsets of its `[` and of the byte after its `]`. */
  start: number;
  end: number;
  /** [start, end) of each element, flattened. */
  elements: number[];
}

/** The offset of the quote that closes the string whose first byte is at `from`; -1 if none. */
function closingQuote(bytes: Buffer, from: number): number {
  for (let at = from; ; at++) {
    at = bytes.indexOf(QUOTE, at);
    if (at < 0) return -1;
    // Escaped when an odd number of backslashes stands right before it.
    let backslashes = 0;
    while (bytes[at - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
}

function locateValueArray(bytes: Buffer): ValueArray | null {
  let depth = 0;
  let keyStart = -1;
  let keyEnd = -1;
  let nextIsValue = false;
  let array: ValueArray | null = null;
  let inArray = false;
  let elementStart = -1;

  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index];
    if (inArray && depth === 2 && elementStart < 0 && !isWhitespace(byte)) {
      if (byte !== COMMA && byte !== CLOSE_BRACKET) elementStart = index;
    }
    switch (byte) {
      case QUOTE: {
        // Strings are most of a page's bytes: jump to their end natively (memchr), not byte by byte.
        const end = closingQuote(bytes, index + 1);
        if (end < 0) return null;
        if (depth === 1) {
          keyStart = index + 1;
          keyEnd = end;
        }
        index = end;
        break;
      }
      case COLON:
        // The string just closed at this depth is the key whose value follows.
        if (depth === 1) nextIsValue = !array && bytes.subarray(keyStart, keyEnd).equals(VALUE_KEY);
        break;
      case OPEN_BRACKET:
      case OPEN_BRACE:
        if (depth === 1 && nextIsValue && byte === OPEN_BRACKET) {
          array = { start: index, end: -1, elements: [] };
          inArray = true;
        }
        depth++;
        break;
      case CLOSE_BRACKET:
      case CLOSE_BRACE:
        depth--;
        if (inArray && depth === 1) {
          if (elementStart >= 0) array!.elements.push(elementStart, index);
          array!.end = index + 1;
          inArray = false;
          elementStart = -1;
        }
        break;
      case COMMA:
        if (inArray && depth === 2) {
          if (elementStart >= 0) array!.elements.push(elementStart, index);
          elementStart = -1;
        }
        break;
      default:
        break;
    }
    // Only whitespace may stand between the key's colon and its value's first byte.
    if (depth === 1 && byte !== COLON && !isWhitespace(byte)) nextIsValue = false;
  }
  return array && array.end > 0 ? array : null;
}

/**
 * The page's items and other properties. Anything that is not a JSON object with a `value` array
 * is parsed whole, so a malformed page fails as `JSON.parse` fails.
 */
export function parseCollectionPage<T>(body: Uint8Array): CollectionPage<T> {
  // A byte order mark, which response.json() would have dropped, is no part of the JSON.
  const bom = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
  const bytes = Buffer.from(body.buffer, body.byteOffset + bom, body.byteLength - bom);
  const array = locateValueArray(bytes);
  if (!array) {
    const whole = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
    const { value, ...properties } = whole ?? {};
    const elements = Array.isArray(value) ? (value as T[]) : [];
    return { properties, parseValue: () => elements };
  }
  // The envelope without its items: a few hundred bytes.
  const envelope = `${bytes.toString('utf8', 0, array.start)}[]${bytes.toString('utf8', array.end)}`;
  const properties = JSON.parse(envelope) as Record<string, unknown>;
  delete properties.value;
  const { elements } = array;
  return {
    properties,
    parseValue() {
      const value: T[] = new Array(elements.length / 2);
      for (let index = 0; index < elements.length; index += 2) {
        value[index / 2] = JSON.parse(
          bytes.toString('utf8', elements[index], elements[index + 1])
        ) as T;
      }
      return value;
    },
  };
}

/**
 * A Graph answer that is not 2xx, as the SDK would have thrown it had it parsed the body itself
 * (`statusCode`, Microsoft's `code` and message, the response's headers): the one error map reads
 * it the same way, and a 410's `Location` stays readable.
 */
export async function graphErrorOf(response: Response): Promise<GraphError> {
  const text = await response.text().catch(() => '');
  const detail = microsoftErrorOf(text);
  const error = new GraphError(response.status, detail.message ?? response.statusText);
  error.code = detail.code ?? null;
  error.body = text;
  error.headers = response.headers;
  return error;
}

/**
 * One page of a collection, asked for through the SDK (so through the client's middleware: the
 * pacer, retries, the token) and read item by item. Fails as the SDK's own `get()` would.
 */
export async function getCollectionPage<T>(request: GraphRequest): Promise<CollectionPage<T>> {
  const response = (await request.responseType(ResponseType.RAW).get()) as Response;
  if (!response.ok) throw await graphErrorOf(response);
  return parseCollectionPage<T>(new Uint8Array(await response.arrayBuffer()));
}
