import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { numberRangeErrors, rawInputErrors } from './input-rules';

class ItemDto {
  @ApiPropertyOptional({ nullable: true, type: String })
  note?: string | null;
}

class BodyDto {
  @ApiProperty()
  name!: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  comment?: string | null;

  @ApiPropertyOptional({ type: [ItemDto] })
  items?: ItemDto[];

  @ApiPropertyOptional({ type: () => ItemDto })
  main?: ItemDto;
}

describe('input rules', () => {
  it('lets ordinary text through, emoji (paired surrogates) and control characters PostgreSQL stores included', () => {
    expect(rawInputErrors({ name: 'Müller 👮 警察 \t\u0001\u007f' }, BodyDto)).toEqual([]);
  });

  it('names every NUL and unpaired surrogate by its path, keys included', () => {
    expect(rawInputErrors({ name: 'a\u0000', items: [{ note: '\ud83d' }], main: { note: '\udc6e' } }, BodyDto).map((e) => e.field)).toEqual(['name', 'items[0].note', 'main.note']);
    expect(rawInputErrors({ 'a\u0000b': 'x' }, Object)[0].message).toMatch(/field name/);
    expect(rawInputErrors('x\u0000', String, 'id')).toEqual([{ field: 'id', message: 'id must not contain a NUL character (\\u0000)' }]);
  });

  it('takes null only where @ApiProperty declares nullable, nested DTOs (array and lazy types) included', () => {
    expect(rawInputErrors({ name: null, comment: null }, BodyDto)).toEqual([{ field: 'name', message: 'name must not be null' }]);
    expect(rawInputErrors({ items: [{ note: null }, null], main: { note: null } }, BodyDto)).toEqual([{ field: 'items[1]', message: 'items[1] must not be null' }]);
    expect(rawInputErrors({ anything: null }, Object)).toEqual([{ field: 'anything', message: 'anything must not be null' }]);
  });

  it('refuses numbers a PostgreSQL integer cannot hold', () => {
    expect(numberRangeErrors({ offset: 2_147_483_647, limit: -2_147_483_647, ratio: 0.5 })).toEqual([]);
    expect(numberRangeErrors({ offset: 2 ** 63, list: [1, 1e23] }).map((e) => e.field)).toEqual(['offset', 'list[1]']);
  });
});
