import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { Workers } from '../workers/workers';
import type { Document, DocumentFormat } from './document';
import { sendDocument } from './document-http';
import { RENDER_WORKER, renderSlicedDocument } from './render.worker';

/**
 * Documents as files, rendered in the worker pool (render.worker.ts) so that the event loop keeps answering while
 * a thousand pages are laid out. The pages travel to the thread in slices.
 */
@Injectable()
export class DocumentRenderer {
  constructor(private readonly workers: Workers) {}

  /** The document as PDF, XLSX or CSV bytes. */
  render(document: Document, format: DocumentFormat): Promise<Uint8Array> {
    const { pages, ...head } = document;
    return this.workers.run(RENDER_WORKER, renderSlicedDocument, { document: head, pages, format }, { sliced: ['pages'] });
  }

  /** Renders and sends it as an attachment named after `document.fileName`. */
  async send(res: Response, document: Document, format: DocumentFormat): Promise<void> {
    sendDocument(res, await this.render(document, format), format, document.fileName);
  }
}
