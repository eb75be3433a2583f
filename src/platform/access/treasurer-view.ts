import type { VillageView } from '../../core/village-view';
import type { Actor } from '../context/actor';

/** Matches no row: the village id a treasurer without a village is filtered to. */
const NO_VILLAGE = '00000000-0000-0000-0000-000000000000';

/**
 * Whose view a request's answer is cut to (core/village-view.ts): undefined for every role but treasurer, who see
 * whole projects; for a treasurer, their own village's code, read through `villages` (VillagesService).
 */
export async function villageViewOf(
  actor: Actor,
  villages: { get(id: string): Promise<{ code: string }> },
): Promise<VillageView | undefined> {
  if (actor.role !== 'treasurer') return undefined;
  return { own: actor.villageId ? (await villages.get(actor.villageId)).code : null };
}

/** The village id a treasurer's lists are filtered to (one that matches nothing when they have none); undefined for other roles. */
export function ownVillageId(actor: Actor): string | undefined {
  return actor.role === 'treasurer' ? (actor.villageId ?? NO_VILLAGE) : undefined;
}
