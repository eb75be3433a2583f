import type { TableInfo } from './backup.repository';

/**
 * Loads that a trigger, not a foreign key, makes depend on another table: voucher_before_insert refuses a voucher
 * dated in a closed year, so the books' closed years go in after the vouchers that were posted before the close.
 */
const LOADED_AFTER: Readonly<Record<string, readonly string[]>> = { year_close: ['voucher'] };

/**
 * The tables in an order a restore can load them with every constraint and trigger on: each after the tables its
 * foreign keys name and after those of LOADED_AFTER; otherwise alphabetical, so the order is stable. A cycle of
 * foreign keys between tables (there is none) would be reported rather than loaded in a wrong order.
 */
export function loadOrder(tables: TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const after = (t: TableInfo) => [...t.references, ...(LOADED_AFTER[t.name] ?? [])].filter((n) => byName.has(n) && n !== t.name);
  const done = new Set<string>();
  const out: TableInfo[] = [];
  const visiting = new Set<string>();
  const visit = (t: TableInfo) => {
    if (done.has(t.name)) return;
    if (visiting.has(t.name)) throw new Error(`数据表经由 ${t.name} 相互引用成环，无法确定装载顺序（程序错误）`);
    visiting.add(t.name);
    for (const n of after(t).sort()) visit(byName.get(n)!);
    visiting.delete(t.name);
    done.add(t.name);
    out.push(t);
  };
  for (const t of [...tables].sort((a, b) => a.name.localeCompare(b.name))) visit(t);
  return out;
}

/**
 * Rows go in the order they were first written where a trigger reads the table it guards: voucher_after_cutover
 * looks at the project's earlier vouchers (an unreversed opening voucher closes the days before it), so each
 * project's vouchers are loaded in posting order and every insert meets the state it met when it was posted.
 */
const ROW_ORDER: Readonly<Record<string, readonly string[]>> = { voucher: ['book_id', 'sequence'] };

/** The columns a table's rows are copied out (and so loaded) in order of: posting order, else the primary key. */
export function rowOrder(table: TableInfo): readonly string[] {
  return ROW_ORDER[table.name] ?? table.key;
}
