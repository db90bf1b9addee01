import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { shown } from './repo';

export interface YamlDocument {
  /** Where the document came from, for messages (a repository-relative file, or an overlay). */
  source: string;
  /** Position in its file, counting from 0. */
  index: number;
  value: unknown;
}

/**
 * Every non-empty document of a multi-document YAML text; syntax errors throw with the source.
 * Merge keys (`<<: *defaults`) are resolved, as kubectl, Skaffold and Docker Compose do.
 */
export function parseDocuments(text: string, source: string): YamlDocument[] {
  return parseAllDocuments(text, { merge: true }).flatMap((document, index) => {
    const problems = [...document.errors, ...document.warnings];
    if (problems.length > 0) {
      throw new Error(`${source} (document ${index}): ${problems.map((p) => p.message).join('; ')}`);
    }
    const value: unknown = document.toJS({ maxAliasCount: 100 });
    return value === null || value === undefined ? [] : [{ source, index, value }];
  });
}

export function readDocuments(file: string): YamlDocument[] {
  return parseDocuments(readFileSync(file, 'utf8'), shown(file));
}
