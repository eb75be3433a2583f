import { Injectable } from '@nestjs/common';
import { redactionNote, scenarioForView, VillageView } from '../core/village-view';
import { villageViewOf } from '../platform/access/treasurer-view';
import { Actor } from '../platform/context/actor';
import { VillagesService } from '../villages/villages.service';
import { ScenarioDocument } from './scenario-builder';

/**
 * The preview routes' answers as the actor may read them (core/village-view.ts): a treasurer gets their own
 * village's lines and the project's totals. The result is cut in the worker that computes it (`view` of its input).
 */
@Injectable()
export class DistributionViews {
  constructor(private readonly villages: VillagesService) {}

  /** The treasurer's view, or undefined for roles that see whole projects. */
  of(actor: Actor): Promise<VillageView | undefined> {
    return villageViewOf(actor, this.villages);
  }

  /** The scenario document: a treasurer's has their own village, its events and its policy terms. */
  async scenario(actor: Actor, doc: ScenarioDocument): Promise<ScenarioDocument | (ScenarioDocument & { redacted: string })> {
    const view = await this.of(actor);
    return view ? { ...scenarioForView(doc, view), redacted: redactionNote(view) } : doc;
  }
}
