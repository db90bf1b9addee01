import { describeIfAvailable } from '@bookinfo/test-support';
import { basename } from 'node:path';
import { schemasDir, schemasMissing } from './support/prerequisites';
import { manifestsDir, repoPath, shown, yamlFilesUnder } from './support/repo';
import { SchemaPack } from './support/schema-pack';
import { skaffoldFile } from './support/skaffold';
import { readDocuments } from './support/yaml-documents';

describeIfAvailable('source files against the schema pack', schemasMissing(), () => {
  let pack: SchemaPack;
  beforeAll(() => {
    pack = new SchemaPack(schemasDir());
  });

  const validateFile = (file: string, validate: (document: unknown) => string[]): string[] =>
    readDocuments(file).flatMap(({ source, index, value }) => validate(value).map((p) => `${source} (document ${index}): ${p}`));

  it.each(yamlFilesUnder(manifestsDir).map(shown))('%s', (file) => {
    const path = repoPath(file);
    const problems =
      basename(path) === 'kustomization.yaml'
        ? validateFile(path, (d) => pack.validateKustomization(d))
        : validateFile(path, (d) => pack.validateResource(d));
    expect(problems).toEqual([]);
  });

  it('skaffold.yaml', () => {
    expect(validateFile(skaffoldFile, (d) => pack.validateSkaffold(d))).toEqual([]);
  });

  it('docker-compose.yml', () => {
    expect(validateFile(repoPath('docker-compose.yml'), (d) => pack.validateCompose(d))).toEqual([]);
  });
});
