import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { generateSyntheticManual, syntheticManualCsv } from '../standards/rules/synthetic-manual';

/**
 * `npm run sample:manual -- [version] [file]`: writes a synthetic, full-size manual (461 standards
 * in CALEA's chapter numbering, 183 Tier 1; titles are synthetic, no licensed text) to try the
 * product at full size. Import it with POST /api/manuals/import, then publish the draft.
 */
async function main(): Promise<void> {
  const [version = '6.15', file = `synthetic-manual-${version}.csv`] = process.argv.slice(2);
  const standards = generateSyntheticManual({ version });
  const path = resolve(file);
  await writeFile(path, syntheticManualCsv(standards));
  const tier1 = standards.filter((s) => s.tier1).length;
  console.log(`Wrote ${standards.length} synthetic standards (${tier1} Tier 1) to ${path}`);
  console.log('Import it as an administrator, for example:');
  console.log(
    `  curl -H "Authorization: Bearer $TOKEN" -F file=@${file} -F program="Law Enforcement" -F edition=6th -F version=${version} -F effectiveDate=2022-03-01 http://localhost:3000/api/manuals/import`,
  );
  console.log('It imports as a draft: publish it (POST /api/manuals/<id>/publish, or Publish on /admin/manuals/<id>) before departments can follow it.');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
