import { INestApplicationContext } from '@nestjs/common';
import { HouseholdsService } from '../households/households.service';
import { ShareRegistersService } from '../households/share-registers.service';
import { systemActor } from '../platform/context/actor';
import { VillagePoliciesService } from '../village-runs/village-policies.service';
import { VillagesService } from '../villages/villages.service';

/**
 * The members of 程壁村 (V01), the seed's village: 260 households with four kinds of share (人口股, 劳龄股, 土地股,
 * 帮扶股) registered on 2025-06-30, and the village's 2025 policy (10% to 公积公益金 and 2,000.00 for public welfare,
 * the rest by weighted shares). Made up but stable: the same names, accounts and units on every machine. Once the
 * park's 2025 run is posted, 程壁村's treasurer opens the village's book and drafts the member run.
 */
const VILLAGE = 'V01';
const HOUSEHOLDS = 260;
const SURNAMES = ['弓', '张', '王', '李', '赵', '刘', '陈', '杨', '郭', '马', '田', '任', '程', '韩', '秦', '武'];
const GIVEN = ['长东', '建国', '秀英', '玉兰', '志强', '海平', '桂花', '红梅', '文斌', '小军', '金生', '春燕', '保平', '二虎', '俊峰'];

export async function loadVillageMembers(ctx: INestApplicationContext): Promise<void> {
  const actor = systemActor('npm run demo');
  const village = (await ctx.get(VillagesService).list(actor, { q: VILLAGE, page: 1, pageSize: 50 })).items.find((v) => v.code === VILLAGE);
  if (!village) return;
  const households = ctx.get(HouseholdsService);
  if ((await households.list(village.id, { page: 1, pageSize: 1, state: 'all' })).total > 0) {
    console.log(`${village.name}的成员已经载入，没有重复载入。`);
    return;
  }
  // A small linear congruential generator: the same "random" register on every run.
  let seed = 20250630;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const holdings: Array<{ household: string; kind: string; units: string }> = [];
  for (let i = 1; i <= HOUSEHOLDS; i++) {
    const code = `H${String(i).padStart(3, '0')}`;
    await households.create(actor, village.id, {
      code,
      headName: SURNAMES[next(SURNAMES.length)] + GIVEN[next(GIVEN.length)],
      bankName: '沁源县农村信用合作联社',
      bankAccount: `62170000${String(10000000 + i * 7919).slice(-8)}`,
      joinedOn: '2016-01-01',
    });
    holdings.push({ household: code, kind: 'POP', units: String(1 + next(6)) });
    const years = next(31);
    if (years > 0) holdings.push({ household: code, kind: 'LAB', units: String(years) });
    const land = next(12);
    if (land > 0) holdings.push({ household: code, kind: 'LAND', units: (land / 2).toFixed(1) });
    if (i % 9 === 0) holdings.push({ household: code, kind: 'AID', units: '1' });
  }
  await ctx.get(ShareRegistersService).create(actor, village.id, {
    registeredOn: '2025-06-30',
    kinds: [
      { code: 'POP', name: '人口股' },
      { code: 'LAB', name: '劳龄股' },
      { code: 'LAND', name: '土地股' },
      { code: 'AID', name: '帮扶股' },
    ],
    holdings,
    memo: '股权固化：生不增、死不减',
  });
  await ctx.get(VillagePoliciesService).create(actor, village.id, {
    effectiveFromYear: 2025,
    policy: {
      keeps: [
        { code: 'reserve', name: '公积公益金', rate: '0.10' },
        { code: 'welfare', name: '公益事业', amount: '2000.00' },
      ],
      weights: { POP: '1', LAB: '0.1', LAND: '0.5', AID: '1' },
    },
    memo: '2025年成员代表大会决议',
  });
  console.log(`已载入${village.name}的 ${HOUSEHOLDS} 户成员、2025-06-30 的股权登记（4 个股种）和 2025 年度村分配方案。`);
}
