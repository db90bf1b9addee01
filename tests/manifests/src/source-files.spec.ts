import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { describeIfAvailable, schemasDir, schemasMissing } from './support/prerequisites';
import { manifestsDir, repoPath, shown, yamlFilesUnder } from './support/repo';
import { SchemaPack } from './support/schema-pack';
import { skaffoldFile } from './support/skaffold';
import { readDocuments } from './support/yaml-documents';

const composeFile = ['docker-compose.yml', 'docker-compose.yaml', 'compose.yaml', 'compose.yml']
  .map((name) => repoPath(name))
  .find((path) => existsSync(path));

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

  describeIfAvailable('compose file', composeFile ? undefined : 'docker-compose.yml is not in the repository yet', () => {
    it(composeFile ? shown(composeFile) : 'docker-compose.yml', () => {
      expect(validateFile(composeFile as string, (d) => pack.validateCompose(d))).toEqual([]);
    });
  });
});
