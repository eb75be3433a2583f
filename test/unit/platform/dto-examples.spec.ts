import 'reflect-metadata';
import { DECORATORS } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePolicy } from '../../../src/core/distribution/policy';
import { parseVillagePolicy } from '../../../src/core/village-distribution';
import { createValidationPipe } from '../../../src/platform/http/validation.pipe';
import { CreateVillageDto } from '../../../src/villages/village.dto';

/**
 * Every `example` of a request DTO (the values the OpenAPI document offers) passes the DTO's own validation, through
 * the same pipe as a request: each class is instantiated from its examples alone (class-transformer) and validated
 * (class-validator). Query classes get their examples as strings, as a query string delivers them. A policy example
 * is also a policy the rulebook accepts.
 */
const SRC = path.join(__dirname, '../../../src');

function dtoFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    return e.isDirectory() ? dtoFiles(file) : e.name.endsWith('.dto.ts') ? [file] : [];
  });
}

type DtoClass = new () => object;

/** The request DTOs: exported classes class-validator knows (response shapes such as ErrorBody carry no rules). */
function requestDtos(): Array<{ name: string; cls: DtoClass }> {
  const storage = getMetadataStorage();
  return dtoFiles(SRC).flatMap((file) =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- every DTO file, found by its name
    Object.entries(require(file) as Record<string, unknown>)
      .filter((entry): entry is [string, DtoClass] => typeof entry[1] === 'function')
      .filter(([, cls]) => storage.getTargetValidationMetadatas(cls, '', true, false).length > 0)
      .map(([name, cls]) => ({ name: `${path.relative(SRC, file)} ${name}`, cls })),
  );
}

/** The example of each documented property (own and inherited), as the document shows them. */
function examples(cls: DtoClass): Record<string, unknown> {
  const keys: string[] = Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, cls.prototype) ?? [];
  const out: Record<string, unknown> = {};
  for (const key of keys.map((k) => k.replace(/^:/, ''))) {
    const meta = Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, cls.prototype, key) as { example?: unknown } | undefined;
    if (meta && meta.example !== undefined) out[key] = meta.example;
  }
  return out;
}

const dtos = requestDtos();

describe('the examples of the request DTOs', () => {
  it('finds the DTOs and their examples', () => {
    expect(dtos.length).toBeGreaterThan(20);
    expect(dtos.map((d) => d.name)).toEqual(expect.arrayContaining(['villages/village.dto.ts CreateVillageDto']));
    expect(dtos.filter((d) => Object.keys(examples(d.cls)).length > 0).length).toBeGreaterThan(20);
  });

  it.each(dtos)('$name: its examples pass its own validation', async ({ cls }) => {
    const isQuery = cls.name.endsWith('Query');
    const value = Object.fromEntries(
      Object.entries(examples(cls)).map(([k, v]) => [k, isQuery && typeof v !== 'object' ? String(v) : JSON.parse(JSON.stringify(v))]),
    );
    const pipe = createValidationPipe();
    await expect(pipe.transform(value, { type: isQuery ? 'query' : 'body', metatype: cls })).resolves.toBeInstanceOf(cls);
  });

  it('offers a policy example the rulebook accepts', () => {
    const policies = dtos.map((d) => ({ name: d.name, p: examples(d.cls).policy })).filter(({ p }) => p !== undefined);
    expect(policies.length).toBeGreaterThan(0);
    // A village's policy (village-policy.dto.ts) is the member distribution's document, not the rulebook's project policy.
    for (const { name, p } of policies) expect(() => (/VillagePolicy/.test(name) ? parseVillagePolicy(p) : parsePolicy(p))).not.toThrow();
  });

  it('offers a credit code whose check character is right', async () => {
    expect(examples(CreateVillageDto).creditCode).toBe('N2140431MF00000009');
    // The example the document offered before: its check character is wrong, and the same pipe says so.
    const old = { ...examples(CreateVillageDto), creditCode: 'N2140431MF0000000X' };
    await expect(createValidationPipe().transform(old, { type: 'body', metatype: CreateVillageDto })).rejects.toThrow();
  });
});
