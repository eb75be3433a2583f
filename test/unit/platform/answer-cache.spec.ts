import { answerKey, AnswerStore } from '../../../src/platform/http/answer-cache';

const bytes = (n: number, fill = 0x61) => ({ bytes: Buffer.alloc(n, fill), etag: `W/"${n}"` });

describe('AnswerStore: answers by snapshot identity and key, least recently used out by bytes', () => {
  it('finds an answer only under the same snapshot and key', () => {
    const store = new AnswerStore(1 << 20);
    store.set('10:12:', 'k', bytes(3));
    expect(store.get('10:12:', 'k')).toEqual({ bytes: Buffer.from('aaa'), etag: 'W/"3"' });
    expect(store.get('10:13:', 'k')).toBeUndefined();
    expect(store.get('10:12:11', 'k')).toBeUndefined();
    expect(store.get('10:12:', 'k2')).toBeUndefined();
  });

  it('holds at most maxBytes, keys counted, and drops the least recently used first', () => {
    // Each entry costs its bytes plus two bytes a character of its key ("s\nk0": 4 characters): 100 + 8.
    const store = new AnswerStore(4 * 108);
    for (const k of ['k0', 'k1', 'k2', 'k3']) store.set('s', k, bytes(100));
    expect(store.bytes).toBe(432);
    expect(store.get('s', 'k0')).toBeDefined(); // k0 is now the most recently used
    store.set('s', 'k4', bytes(100));
    expect(store.size).toBe(4);
    expect(store.bytes).toBe(432);
    expect(store.get('s', 'k1')).toBeUndefined();
    for (const k of ['k0', 'k2', 'k3', 'k4']) expect(store.get('s', k)).toBeDefined();
  });

  it('replaces an answer under the same key without counting it twice, and keeps none larger than a quarter', () => {
    const store = new AnswerStore(1000);
    store.set('s', 'k', bytes(100));
    store.set('s', 'k', bytes(50, 0x62));
    expect(store.bytes).toBe(50 + 2 * 's\nk'.length);
    expect(store.get('s', 'k')?.bytes.toString()).toBe('b'.repeat(50));
    store.set('s', 'big', bytes(300));
    expect(store.get('s', 'big')).toBeUndefined();
    expect(store.size).toBe(1);
  });
});

describe('answerKey: what a report answer depends on besides its snapshot', () => {
  const accountant = { role: 'accountant' as const, villageId: null };
  it('differs by URL, Accept, date, role and a treasurer’s village', () => {
    const base = answerKey('/api/x?a=1', 'application/json', accountant, '2026-06-30');
    const others = [
      answerKey('/api/x?a=2', 'application/json', accountant, '2026-06-30'),
      answerKey('/api/x?a=1', 'application/pdf', accountant, '2026-06-30'),
      answerKey('/api/x?a=1', 'application/json', accountant, '2026-07-01'),
      answerKey('/api/x?a=1', 'application/json', { role: 'admin', villageId: null }, '2026-06-30'),
      answerKey('/api/x?a=1', 'application/json', { role: 'treasurer', villageId: 'v1' }, '2026-06-30'),
      answerKey('/api/x?a=1', 'application/json', { role: 'treasurer', villageId: 'v2' }, '2026-06-30'),
      answerKey('/api/x?a=1', 'application/json', { role: 'treasurer', villageId: null }, '2026-06-30'),
    ];
    expect(new Set([base, ...others]).size).toBe(8);
  });
});
