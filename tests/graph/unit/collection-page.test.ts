import { GraphError } from '@microsoft/microsoft-graph-client';
import { graphErrorOf, parseCollectionPage } from '../../../server/src/graph/collection-page';

const bytesOf = (text: string) => new TextEncoder().encode(text);

/** What the page reader must agree with on every input: JSON.parse of the whole body. */
function expectSameAsWholeParse(text: string) {
  const whole = JSON.parse(text) as Record<string, unknown>;
  const { value, ...properties } = whole;
  const expected = Array.isArray(value) ? value : [];
  const page = parseCollectionPage(bytesOf(text));
  expect(page.properties).toEqual(properties);
  expect(page.parseValue()).toEqual(expected);
}

describe('a Graph collection page read item by item', () => {
  it('reads the items and the links around them, in either order', () => {
    expectSameAsWholeParse(
      JSON.stringify({
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Collection(driveItem)',
        '@odata.nextLink': 'https://graph.microsoft.com/v1.0/drives/b!x/root/delta?token=abc',
        value: [
          { id: '1', name: 'a.txt', file: { hashes: { quickXorHash: 'AAAA' } } },
          { id: '2', name: 'b', folder: { childCount: 3 }, parentReference: { id: '1' } },
        ],
      })
    );
    expectSameAsWholeParse(
      '{ "value" : [ {"id":"1"} ,\n\t{"id":"2"} ] , "@odata.deltaLink" : "https://x/?token=z" }'
    );
  });

  it('keeps names with quotes, backslashes, brackets, commas and non-ASCII intact', () => {
    const names = [
      'say "hi".txt',
      'back\\slash',
      'a],{b}:[c',
      'Ünïcödé 文件 📄.docx',
      '\u0000\u001f',
    ];
    expectSameAsWholeParse(
      JSON.stringify({
        value: names.map((name, index) => ({ id: String(index), name, '"value"': [name] })),
        '@odata.nextLink': 'https://x/?a=[1]&b={2}',
      })
    );
  });

  it('takes the top-level value array only, not a nested one named value', () => {
    expectSameAsWholeParse(
      JSON.stringify({
        other: { value: [{ id: 'nested' }] },
        label: 'value',
        value: [{ id: '1', inner: { value: [1, 2] } }, 'text', 3, null, [4]],
      })
    );
  });

  it('reads an empty page, a page without value, and an item-less incremental page', () => {
    expectSameAsWholeParse('{"value":[],"@odata.deltaLink":"https://x/?token=1"}');
    expectSameAsWholeParse('{"value":[ ],"@odata.deltaLink":"https://x/?token=1"}');
    expectSameAsWholeParse('{"@odata.deltaLink":"https://x/?token=1"}');
  });

  it('reads a page that starts with a byte order mark', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf]);
    const text = bytesOf('{"value":[{"id":"1"}],"@odata.deltaLink":"https://x/?token=1"}');
    const page = parseCollectionPage(new Uint8Array([...bom, ...text]));
    expect(page.properties).toEqual({ '@odata.deltaLink': 'https://x/?token=1' });
    expect(page.parseValue()).toEqual([{ id: '1' }]);
  });

  it('reads bytes that are a view into a larger buffer', () => {
    const text = '{"value":[{"id":"1"}]}';
    const padded = bytesOf(`xxxx${text}yyyy`);
    expect(parseCollectionPage(padded.subarray(4, 4 + text.length)).parseValue()).toEqual([
      { id: '1' },
    ]);
  });

  it('parses the items afresh on each call, so a page waiting its turn holds only bytes', () => {
    const page = parseCollectionPage(bytesOf('{"value":[{"id":"1"}]}'));
    const first = page.parseValue();
    expect(page.parseValue()).toEqual(first);
    expect(page.parseValue()[0]).not.toBe(first[0]);
  });

  it('fails on a malformed page as JSON.parse does, when read or when its items are', () => {
    const read = (text: string) => parseCollectionPage(bytesOf(text)).parseValue();
    expect(() => read('{"value":[{"id":"1"},{"id":]}')).toThrow(SyntaxError);
    expect(() => read('{"value":[{"id":"1"},{"id":}],"a":1}')).toThrow(SyntaxError);
    expect(() => read('{"value":[{"id":"1"}')).toThrow(SyntaxError);
    expect(() => read('<html>502</html>')).toThrow(SyntaxError);
  });
});

describe('a Graph error read from a raw response', () => {
  it("carries the status, Microsoft's code and message, and the headers", async () => {
    const response = new Response(
      JSON.stringify({ error: { code: 'resyncRequired', message: 'Resync required.' } }),
      { status: 410, headers: { location: 'https://x/root/delta?token=fresh' } }
    );
    const error = await graphErrorOf(response);
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({
      statusCode: 410,
      code: 'resyncRequired',
      message: 'Resync required.',
    });
    expect(error.headers?.get('location')).toBe('https://x/root/delta?token=fresh');
  });

  it('keeps the status when the body is not JSON', async () => {
    const error = await graphErrorOf(
      new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' })
    );
    expect(error).toMatchObject({ statusCode: 502, code: null, message: 'Bad Gateway' });
  });
});
