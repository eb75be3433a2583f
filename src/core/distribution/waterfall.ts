/**
 * Steps 2–4 of the rulebook's waterfall: from net profit N, guarantees G and
 * the deficit brought forward B to the surplus S1, top-up T, recovered R,
 * incurred I and the deficit carried forward B'.
 */
import { formatFen } from '../money';
import { Shortfall } from './policy';

export interface Waterfall {
  N: bigint;
  G: bigint;
  B: bigint;
  T: bigint;
  I: bigint;
  R: bigint;
  S1: bigint;
  carriedForward: bigint;
  lines: string[];
}

/** An amount after a minus sign: a negative one in brackets, "− (-120000.00)", so no "− -" is ever written. */
function minus(x: bigint): string {
  return x < 0n ? `(${formatFen(x)})` : formatFen(x);
}

export function waterfall(N: bigint, G: bigint, B: bigint, shortfall: Shortfall): Waterfall {
  const f = formatFen;
  if (N >= G) {
    const S = N - G;
    const R = S < B ? S : B;
    const S1 = S - R;
    return {
      N,
      G,
      B,
      T: 0n,
      I: 0n,
      R,
      S1,
      carriedForward: B - R,
      lines: [
        `N ≥ G：保底后余额 S = N − G = ${f(N)} − ${f(G)} = ${f(S)}`,
        `弥补以前年度亏损 R = min(S, B) = min(${f(S)}, ${f(B)}) = ${f(R)}`,
        `可分配盈余 S1 = S − R = ${f(S)} − ${f(R)} = ${f(S1)}；运营方补齐 T = 0.00；本年新增亏损 I = 0.00`,
        `结转下年亏损 B' = B − R + I = ${f(B)} − ${f(R)} + 0.00 = ${f(B - R)}`,
      ],
    };
  }
  const gap = G - N;
  const T = shortfall === 'operator_tops_up' ? gap : 0n;
  const I = shortfall === 'carry_forward' ? gap : 0n;
  return {
    N,
    G,
    B,
    T,
    I,
    R: 0n,
    S1: 0n,
    carriedForward: B + I,
    lines: [
      'N < G：保底分红照常足额支付；可分配盈余 S1 = 0.00，弥补亏损 R = 0.00',
      shortfall === 'operator_tops_up'
        ? `差额处理 operator_tops_up（运营方补齐）：运营方补齐 T = G − N = ${f(G)} − ${minus(N)} = ${f(T)}；本年新增亏损 I = 0.00`
        : `差额处理 carry_forward（结转亏损）：本年新增亏损 I = G − N = ${f(G)} − ${minus(N)} = ${f(I)}；运营方补齐 T = 0.00`,
      `结转下年亏损 B' = B − R + I = ${f(B)} − 0.00 + ${f(I)} = ${f(B + I)}`,
    ],
  };
}
