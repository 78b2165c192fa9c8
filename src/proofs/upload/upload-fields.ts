import type { FieldError } from '../../common/problem/problem';
import { validateInput } from '../../common/validation/validate-input';
import { UploadProofFieldsDto } from '../dto/proof.dto';
import type { FormFields } from './multipart-upload';

const KNOWN_FIELDS = new Set(['cycleYear', 'effectiveDate', 'kind', 'description', 'bullets', 'periodKey', 'activityId']);

/**
 * The upload's form fields, validated like a JSON body (same rules, same messages, unknown fields
 * refused), or a 400 naming every bad one. `bullets` may repeat and may hold comma-separated
 * letters; any other field may be given once. Empty optional fields count as absent.
 */
export function parseUploadFields(fields: FormFields, fileField: string): UploadProofFieldsDto {
  const errors: FieldError[] = [];
  const plain: Record<string, unknown> = {};
  for (const [name, values] of fields) {
    if (name === fileField) {
      errors.push({ field: name, message: 'attach the file as a file part (with a filename), not as a text field' });
    } else if (!KNOWN_FIELDS.has(name)) {
      errors.push({ field: name, message: `${name} is not a known field` });
    } else if (name === 'bullets') {
      const letters = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
      if (letters.length > 0) plain.bullets = letters;
    } else if (values.length > 1) {
      errors.push({ field: name, message: `${name} is given ${values.length} times; give it once` });
    } else if (values[0].trim() !== '' || name === 'effectiveDate') {
      plain[name] = name === 'description' ? values[0] : values[0].trim();
    }
  }
  return validateInput(UploadProofFieldsDto, plain, errors);
}
