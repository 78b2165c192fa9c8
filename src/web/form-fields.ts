import { Transform } from 'class-transformer';
import { IsOptional, IsUUID } from 'class-validator';

/**
 * Transforms for form DTOs (class-transformer @Transform): an HTML form sends every field as a
 * string, a repeated field as a string or an array, and an untouched optional field as "".
 */
type Field = { value: unknown };

export const trimmed = ({ value }: Field): unknown => (typeof value === 'string' ? value.trim() : value);

/** An empty optional field means "not given". */
export const blankToUndefined = ({ value }: Field): unknown => (typeof value === 'string' ? (value.trim() === '' ? undefined : value.trim()) : value);

/** An empty optional field means "none" (null), e.g. to clear a nullable value or unassign. */
export const blankToNull = ({ value }: Field): unknown => (typeof value === 'string' ? (value.trim() === '' ? null : value.trim()) : value);

/** A whole number; anything else stays as typed so that validation names it. */
export const wholeNumber = ({ value }: Field): unknown => (typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value);

/** An optional whole number: empty means "not given". */
export const optionalWholeNumber = (field: Field): unknown => wholeNumber({ value: blankToUndefined(field) });

/** A checkbox or a true/false select. */
export const checkbox = ({ value }: Field): unknown => (value === 'true' || value === 'on' ? true : value === 'false' ? false : value);

/** A field that may be repeated, as an array, positions kept (undefined when absent). */
export const repeated = ({ value }: Field): unknown => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

/** A field that may be repeated, as an array, positions kept (empty when absent). */
export const rows = ({ value }: Field): unknown => (value === undefined || value === null ? [] : ([] as unknown[]).concat(value));

/** A repeated field with the blanks dropped (empty when absent). */
export const nonBlankList = ({ value }: Field): unknown =>
  value === undefined || value === null ? [] : ([] as unknown[]).concat(value).filter((v) => !(typeof v === 'string' && v.trim() === ''));

/** A textarea holding one item per line, blanks dropped. */
export const lines = ({ value }: Field): unknown =>
  typeof value === 'string'
    ? value
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '')
    : value;

/** ?department=<id>: a page narrowed to one department (the reports page, the deadlines worklist). */
export class DepartmentQueryDto {
  @IsOptional()
  @Transform(blankToUndefined)
  @IsUUID('all', { message: 'department must be a department id' })
  department?: string;
}
