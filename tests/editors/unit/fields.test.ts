/**
 * Finding External file fields in entries: top level, components (repeatable, nested), dynamic
 * zones and populated relations; and what the index must populate to see them.
 */
import {
  holdsExternalFiles,
  populateForFields,
  visitFields,
  type SchemaLike,
} from '../../../server/src/editors/fields';
import { referencesIn } from '../../../server/src/editors/attachment-index';
import { normalizeWriteData } from '../../../server/src/editors/attach-policy';

const SINGLE = { type: 'json', customField: 'plugin::external-drives.external-file' };
const MULTIPLE = { type: 'json', customField: 'plugin::external-drives.external-files' };

const schemas: Record<string, SchemaLike> = {
  'api::page.page': {
    uid: 'api::page.page',
    attributes: {
      title: { type: 'string' },
      cover: SINGLE,
      sections: { type: 'component', component: 'blocks.section', repeatable: true },
      body: { type: 'dynamiczone', components: ['blocks.download', 'blocks.quote'] },
      related: { type: 'relation', target: 'api::page.page' },
      other: { type: 'customField', customField: 'plugin::color-picker.color' },
    },
  },
  'blocks.section': {
    uid: 'blocks.section',
    attributes: {
      heading: { type: 'string' },
      files: MULTIPLE,
      note: { type: 'component', component: 'blocks.note' },
    },
  },
  'blocks.note': { uid: 'blocks.note', attributes: { file: SINGLE } },
  'blocks.download': { uid: 'blocks.download', attributes: { file: SINGLE } },
  'blocks.quote': { uid: 'blocks.quote', attributes: { text: { type: 'string' } } },
  'api::plain.plain': { uid: 'api::plain.plain', attributes: { title: { type: 'string' } } },
};
const lookup = (uid: string) => schemas[uid];
const ref = (itemId: string) => ({ driveId: 'b!drive', itemId });

describe('External file fields in schemas and entries', () => {
  it('tells which content types hold the field, through components only', () => {
    expect(holdsExternalFiles(schemas['api::page.page'], lookup)).toBe(true);
    expect(holdsExternalFiles(schemas['blocks.quote'], lookup)).toBe(false);
    expect(holdsExternalFiles(schemas['api::plain.plain'], lookup)).toBe(false);
  });

  it('populates the components and dynamic-zone components that hold one, nested', () => {
    expect(populateForFields(schemas['api::page.page'], lookup)).toEqual({
      sections: { populate: { note: true } },
      body: { on: { 'blocks.download': true } },
    });
  });

  it('finds references everywhere in an entry, with their field paths', () => {
    const entry = {
      title: 'Home',
      cover: ref('cover'),
      sections: [
        { heading: 'A', files: [ref('a1'), { nonsense: true }, ref('a2')], note: { file: null } },
        { heading: 'B', files: [], note: { file: ref('b-note') } },
      ],
      body: [
        { __component: 'blocks.quote', text: 'hi' },
        { __component: 'blocks.download', file: ref('dz') },
      ],
    };
    const found = referencesIn(entry, schemas['api::page.page'], lookup);
    expect(found.map(({ field, reference }) => [field, reference.itemId])).toEqual([
      ['cover', 'cover'],
      ['sections.files', 'a1'],
      ['sections.files', 'a2'],
      ['sections.note.file', 'b-note'],
      ['body.file', 'dz'],
    ]);
    expect(found[2].path).toEqual(['sections', 0, 'files', 2]);
  });

  it('follows populated relations on reads only, and stops at loops', () => {
    const page: Record<string, unknown> = { cover: ref('self') };
    page.related = [page, { cover: ref('other') }];
    const visited: string[] = [];
    const collect = (options = {}) =>
      visitFields(
        page,
        schemas['api::page.page'],
        lookup,
        ({ holder, key }) => visited.push((holder[key] as { itemId: string }).itemId),
        options
      );
    collect();
    expect(visited).toEqual(['self']);
    visited.length = 0;
    collect({ followRelations: true });
    expect(visited).toEqual(['self', 'other']);
  });

  it('normalises write data in place and refuses what is not a reference, naming each path', () => {
    const data = {
      cover: { ...ref('c'), name: 'Cover.png', state: 'available', downloadUrl: '/x' },
      sections: [{ files: [ref('s'), ref('s'), ref('t')] }],
    };
    const prepared = normalizeWriteData(data, schemas['api::page.page'], lookup);
    expect(data.cover).toEqual(ref('c'));
    expect(data.sections[0].files).toEqual([ref('s'), ref('t')]);
    expect(prepared.references.map(({ reference }) => reference.itemId)).toEqual(['c', 's', 't']);

    let refusal: { details?: { errors?: Array<{ path: string[] }> } } | undefined;
    try {
      normalizeWriteData(
        { cover: 'file.pdf', sections: [{ files: ref('not-a-list') }] },
        schemas['api::page.page'],
        lookup
      );
    } catch (error) {
      refusal = error as typeof refusal;
    }
    expect(refusal?.details?.errors?.map((error) => error.path)).toEqual([
      ['cover'],
      ['sections', '0', 'files'],
    ]);
  });
});
