/**
 * Rendering as a worker-thread task (src/platform/workers runs it): laying out a thousand notices takes seconds of
 * CPU, which the event loop must not spend. Pure: a Document in, the file's bytes out, moved back rather than copied.
 */
import type { Document, DocumentFormat, Page } from './document';
import { renderCsv } from './csv-renderer';
import { renderPdf } from './pdf-renderer';
import { renderXlsx } from './xlsx-renderer';

/** This module's path, for the pool: .ts from source, .js built. */
export const RENDER_WORKER = __filename;

export interface RenderInput {
  document: Document;
  format: DocumentFormat;
}

export function renderDocument({ document, format }: RenderInput): Promise<Uint8Array> | Uint8Array {
  if (format === 'pdf') return renderPdf(document);
  if (format === 'xlsx') return renderXlsx(document);
  return renderCsv(document);
}

/**
 * As renderDocument, with the pages apart: the pool sends them to the thread in slices (a thousand villages'
 * notices in one message would hold the event loop while it is copied), and they are put back here.
 */
export interface SlicedRenderInput {
  document: Omit<Document, 'pages'>;
  pages: Page[];
  format: DocumentFormat;
}

export function renderSlicedDocument({ document, pages, format }: SlicedRenderInput): Promise<Uint8Array> | Uint8Array {
  return renderDocument({ document: { ...document, pages }, format });
}
