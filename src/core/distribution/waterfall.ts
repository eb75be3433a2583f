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
        `N ≥ G: S = N − G = ${f(N)} − ${f(G)} = ${f(S)}`,
        `deficit recovered R = min(S, B) = min(${f(S)}, ${f(B)}) = ${f(R)}`,
        `surplus S1 = S − R = ${f(S)} − ${f(R)} = ${f(S1)}; top-up T = 0.00; deficit incurred I = 0.00`,
        `deficit carried forward B' = B − R + I = ${f(B)} − ${f(R)} + 0.00 = ${f(B - R)}`,
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
      `N < G: the guarantees are paid in full; S1 = 0.00, R = 0.00`,
      shortfall === 'operator_tops_up'
        ? `shortfall operator_tops_up: the operator makes up T = G − N = ${f(G)} − ${f(N)} = ${f(T)}; I = 0.00`
        : `shortfall carry_forward: deficit incurred I = G − N = ${f(G)} − ${f(N)} = ${f(I)}; T = 0.00`,
      `deficit carried forward B' = B − R + I = ${f(B)} − 0.00 + ${f(I)} = ${f(B + I)}`,
    ],
  };
}
