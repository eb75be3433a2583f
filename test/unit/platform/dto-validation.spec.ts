import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CreateCapitalEventDto } from '../../../src/capital/capital-event.dto';
import { CreateYearResultDto } from '../../../src/results/year-result.dto';
import { CreateVillageDto } from '../../../src/villages/village.dto';

async function issues(cls: new () => object, body: object): Promise<Record<string, string[]>> {
  const errors = await validate(plainToInstance(cls, body), { whitelist: true, forbidNonWhitelisted: true });
  return Object.fromEntries(errors.map((e) => [e.property, Object.values(e.constraints ?? {})]));
}

const event = { villageCode: 'V01', date: '2024-04-15', amount: '500000.00', kind: 'cash' };

describe('DTO validation (the same checks as the rulebook)', () => {
  it('accepts a well-formed capital event, a withdrawal and whole yuan', async () => {
    expect(await issues(CreateCapitalEventDto, event)).toEqual({});
    expect(await issues(CreateCapitalEventDto, { ...event, amount: '-30000' })).toEqual({});
    expect(await issues(CreateCapitalEventDto, { ...event, amount: '12.5' })).toEqual({});
  });

  it.each([
    // a float cannot carry fen exactly
    ['amount', 500000],
    // a third decimal is a fraction of a fen
    ['amount', '1.005'],
    // exponents, signs and spaces hide the amount's size
    ['amount', '1e5'],
    ['amount', '+100.00'],
    ['amount', ' 100.00'],
    ['amount', 'NaN'],
    // 10^13 yuan or more is beyond any project and beyond the columns
    ['amount', '10000000000000.00'],
    // dates that do not exist
    ['date', '2025-02-29'],
    ['date', '2025-02-30'],
    ['date', '2025-2-3'],
    // codes name ledger accounts: no spaces, no other characters, at most 32
    ['villageCode', 'V 01'],
    ['villageCode', 'x'.repeat(33)],
    ['kind', 'loan'],
  ])('rejects %s = %j', async (field, value) => {
    const found = await issues(CreateCapitalEventDto, { ...event, [field]: value });
    expect(Object.keys(found)).toEqual([field]);
  });

  it('rejects an unknown field rather than dropping it', async () => {
    expect(Object.keys(await issues(CreateCapitalEventDto, { ...event, share: '0.5' }))).toEqual(['share']);
  });

  it('rejects negative revenue and costs but accepts zero', async () => {
    expect(await issues(CreateYearResultDto, { year: 2025, revenue: '0.00', costs: '0' })).toEqual({});
    expect(Object.keys(await issues(CreateYearResultDto, { year: 2025, revenue: '-0.01', costs: '1.00' }))).toEqual(['revenue']);
  });

  it('checks the credit code of a village', async () => {
    expect(await issues(CreateVillageDto, { code: 'V01', name: '程壁村', creditCode: 'N2140431MF0000001C' })).toEqual({});
    expect(await issues(CreateVillageDto, { code: 'V01', name: '程壁村', creditCode: 'N2140431MF0000001X' })).toEqual({
      creditCode: ['第 18 位校验码应为 C，不是 X：请核对代码是否抄错'],
    });
  });
});
