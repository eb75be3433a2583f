/**
 * A small checker of JSON answers against the OpenAPI document's schemas (the subset @nestjs/swagger writes: $ref,
 * allOf, oneOf, nullable, type, enum, required, properties, additionalProperties, items). It names every place an
 * answer and its schema disagree: a required property missing, a property the schema does not document, a wrong type
 * or a value outside the enum. Not a full JSON Schema validator; enough to keep the documented answers true.
 */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  nullable?: boolean;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  description?: string;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; securitySchemes?: Record<string, unknown> };
}

export interface Operation {
  summary?: string;
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ in: string; name: string; required?: boolean }>;
  responses: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
}

/** The schema a $ref points to (components only), or the schema itself. */
export function resolve(doc: OpenApiDocument, schema: Schema): Schema {
  let s = schema;
  for (let hops = 0; s.$ref && hops < 20; hops++) {
    const name = s.$ref.replace('#/components/schemas/', '');
    const target = doc.components.schemas[name];
    if (!target) throw new Error(`unknown schema ${s.$ref}`);
    s = target;
  }
  return s;
}

/** Where `value` disagrees with `schema`, as "path: what" lines; empty when it conforms. */
export function disagreements(doc: OpenApiDocument, schema: Schema, value: unknown, at = '$'): string[] {
  const s = resolve(doc, schema);
  if (s.allOf) {
    if (value === null && s.nullable) return [];
    return s.allOf.flatMap((part) => disagreements(doc, part, value, at));
  }
  if (value === null) return s.nullable ? [] : [`${at}: null, but not nullable`];
  if (s.oneOf) {
    return s.oneOf.some((option) => disagreements(doc, option, value, at).length === 0) ? [] : [`${at}: matches none of oneOf`];
  }
  if (s.enum && !s.enum.includes(value)) return [`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`];
  switch (s.type) {
    case undefined:
      return [];
    case 'string':
      return typeof value === 'string' ? [] : [`${at}: ${typeof value}, but a string is documented`];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${at}: ${JSON.stringify(value)}, but an integer is documented`];
    case 'number':
      return typeof value === 'number' ? [] : [`${at}: ${typeof value}, but a number is documented`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: ${typeof value}, but a boolean is documented`];
    case 'array':
      if (!Array.isArray(value)) return [`${at}: not an array`];
      return s.items ? value.flatMap((v, i) => disagreements(doc, s.items!, v, `${at}[${i}]`)) : [];
    case 'object':
      return objectDisagreements(doc, s, value, at);
    default:
      return [`${at}: the checker does not know type ${s.type}`];
  }
}

function objectDisagreements(doc: OpenApiDocument, s: Schema, value: unknown, at: string): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${at}: not an object`];
  const o = value as Record<string, unknown>;
  const out: string[] = [];
  for (const name of s.required ?? []) if (!(name in o)) out.push(`${at}.${name}: required, but missing`);
  // An object documented without properties is free-form (a policy document, a change set).
  const free = !s.properties || s.additionalProperties === true;
  for (const [name, v] of Object.entries(o)) {
    const property = s.properties?.[name];
    if (property) out.push(...disagreements(doc, property, v, `${at}.${name}`));
    else if (typeof s.additionalProperties === 'object') out.push(...disagreements(doc, s.additionalProperties, v, `${at}.${name}`));
    else if (!free) out.push(`${at}.${name}: not documented`);
  }
  return out;
}

/** Whether a schema, once resolved, says what its answer holds: an object with properties, or an array of such. */
export function isDescriptive(doc: OpenApiDocument, schema: Schema): boolean {
  const s = resolve(doc, schema);
  if (s.allOf) return s.allOf.some((part) => isDescriptive(doc, part));
  if (s.type === 'array') return !!s.items && isDescriptive(doc, s.items);
  return !!s.properties && Object.keys(s.properties).length > 0;
}

/** The operation of the document a concrete request path belongs to (`/api/projects/<uuid>/runs` → `/api/projects/{projectId}/runs`). */
export function operationOf(doc: OpenApiDocument, method: string, url: string): { path: string; op: Operation } | undefined {
  const path = url.split('?')[0];
  // Literal segments first: `/runs/{id}` must not take `/runs/verify`'s answers.
  const candidates = Object.keys(doc.paths)
    .filter((p) => doc.paths[p][method.toLowerCase()])
    .sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0));
  for (const template of candidates) {
    const re = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`);
    if (re.test(path)) return { path: template, op: doc.paths[template][method.toLowerCase()] };
  }
  return undefined;
}
