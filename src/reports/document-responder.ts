import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { Clock } from '../platform/clock/clock';
import { Actor } from '../platform/context/actor';
import type { Document, DocumentFormat } from '../platform/documents/document';
import { DocumentRenderer } from '../platform/documents/document-renderer';
import { Printing } from './documents/common';
import { beijingDateTime } from '../platform/clock/clock';
import { ReportsRepository } from './reports.repository';

/**
 * How a report route answers: the JSON as it is, or the document built from that same JSON, rendered in the
 * worker pool and sent as a file (the route's `@Res({ passthrough: true })` lets the JSON go out as usual).
 */
@Injectable()
export class DocumentResponder {
  constructor(
    private readonly renderer: DocumentRenderer,
    private readonly reports: ReportsRepository,
    private readonly clock: Clock,
  ) {}

  /** Who prints, by display name, and when (Beijing time): the footer's last two items. */
  async printing(actor: Actor): Promise<Printing> {
    const name = (await this.reports.displayNames([actor.login])).get(actor.login);
    return { printedBy: name ?? actor.login, printedAt: beijingDateTime(this.clock.now()) };
  }

  /** `data` as JSON, or as the file `build` makes of it; the format was chosen (and checked) before the data was read. */
  async answer<T>(
    res: Response,
    actor: Actor,
    format: 'json' | DocumentFormat,
    data: () => Promise<T>,
    build: (data: T, printing: Printing) => Document,
  ): Promise<T | undefined> {
    const answer = await data();
    if (format === 'json') return answer;
    await this.renderer.send(res, build(answer, await this.printing(actor)), format);
    return undefined;
  }
}
