import { ElMessageBox } from 'element-plus';

/**
 * The confirmation before anything that moves money: the action, and every amount it moves, in a dialog the user
 * must accept. Resolves false when cancelled.
 */
export async function confirmMoney(title: string, lines: Array<[string, string]>): Promise<boolean> {
  const body = lines
    .map(
      ([label, value]) =>
        `<div style="display:flex;justify-content:space-between;gap:24px"><span>${escape(label)}</span><b>${escape(value)}</b></div>`,
    )
    .join('');
  try {
    await ElMessageBox.confirm(body, title, {
      dangerouslyUseHTMLString: true,
      confirmButtonText: '确定',
      cancelButtonText: '取消',
      type: 'warning',
    });
    return true;
  } catch {
    return false;
  }
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
